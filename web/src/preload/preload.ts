// Inlined into index.html by vite.config.ts and run before the bundle:
// a chart address asks for its series list and its chart at once, and
// the page takes these answers instead of asking again (api/preloaded.ts).
import { preload, setPreloadedChart } from "../api/preloaded";
import type { SeriesInfo } from "../api/types";
import { showLoadFailure } from "../shell/loadFailure";
import { planPreload } from "./plan";

try {
  const plan = planPreload(location.hash, localStorage);
  if (plan) {
    // The chart first: it is the answer the server takes longest over.
    const chart = plan.chart ? preload(plan.chart, plan.key) : null;
    const list = preload(plan.series, plan.key);
    if (chart) setPreloadedChart(chart, Promise.resolve(true));
    else {
      // Which chart the page will show, once the list says.
      const path = list
        .then((a) =>
          Array.isArray(a.parsed)
            ? plan.chartAfter(a.parsed as SeriesInfo[])
            : null,
        )
        .catch(() => null);
      setPreloadedChart(
        path.then((p) => (p ? preload(p, plan.key) : null)),
        path.then((p) => p !== null),
      );
    }
  }
} catch {
  // Storage unavailable or anything unexpected: the page asks by itself.
}

// The page's first script (or a module it needs) failing to load leaves
// nothing that could say so but this script.
addEventListener(
  "error",
  (event) => {
    const el = event.target;
    if (el instanceof HTMLScriptElement && el.type === "module")
      showLoadFailure(`${el.src} failed`);
  },
  true,
);
