// A second entry of the build, run before the dashboard's bundle on the
// pages that open with a control chart. The browser compiles JavaScript
// functions on their first call; the first drawing of a chart calls most
// of uPlot and of this folder's options and plugins for the first time.
// Drawing a small throwaway chart here, while the (larger) dashboard
// bundle is still being fetched and parsed, does that compiling in time
// that would otherwise be spent waiting, so the real chart draws sooner.
import uPlot from "uplot";
import { pageFromHash } from "../dashboard/nav";
import { formatNumber } from "../dashboard/format";
import { individualsOptions } from "./options";

if (pageFromHash(location.hash) === "chart") {
  const n = 64;
  const xs = Array.from({ length: n }, (_, i) => 1_700_000_000 + i * 60);
  const ys = xs.map((_, i) => 100 + ((i * 37) % 11));
  const flagged = ys.map((y, i) => (i % 16 === 5 ? y : null));
  const plot = new uPlot(
    individualsOptions({
      width: 400,
      height: 200,
      format: formatNumber,
      label: "warm-up",
      logScale: false,
      getLimits: () => ({
        center: 105,
        ucl: 115,
        lcl: 95,
        lclDrawn: 95,
        sigma: 3.3,
      }),
      describeFlag: () => null,
    }),
    [xs, ys, flagged],
    document.createElement("div"),
  );
  // uPlot draws in a microtask; the chart goes once it has.
  setTimeout(() => plot.destroy(), 0);
}
