/**
 * The chart page's control chart, drawn before the dashboard has loaded.
 *
 * On a chart address the inline preload script (src/preload) asks for the
 * chart's data at once, and the answer is usually here long before React
 * and the 270 KB bundle have been parsed and run. A small second entry
 * (firstChartEntry.ts) then puts the chart page's shell into the page
 * (rendered from the dashboard's own components at build time, src/shell)
 * and this module draws the individuals chart into it, with the options
 * the page would use.
 *
 * When React renders the page, its individuals chart adopts this uPlot
 * instance (adoptFirstChart) instead of making another: the canvas stays
 * where it is, and from then on its limits, tooltips and range selection
 * answer to the page. A chart the page does not adopt (it shows something
 * else: a sign-in, a missing series) is destroyed (releaseFirstChart).
 */
import uPlot from "uplot";
import { SERIES_PATH } from "../api/client";
import { preloadedAnswer, preloadedChart } from "../api/preloaded";
import type { SeriesInfo, SpcResponse } from "../api/types";
import { chartTitle } from "../dashboard/chartLink";
import { metricFormat } from "../dashboard/format";
import {
  CHART_HEIGHT,
  individualsOptions,
  markFirstDrawing,
  type IndividualsSpec,
} from "./options";
import { flagText, shapeSpc } from "./shape";
import { fillSeriesChoice, type ShownShell } from "../shell/showShell";

/** What the page hands over when it adopts the chart. */
export type ChartHandlers = Pick<
  IndividualsSpec,
  "getLimits" | "describeFlag" | "onSelect"
>;

interface FirstChart {
  plot: uPlot;
  /** Called through, so that the page can take them over. */
  handlers: ChartHandlers;
}

let first: FirstChart | null = null;

/**
 * Draws the preloaded chart into the chart page's shell once its answer is
 * here, unless the dashboard has rendered meanwhile. Resolves when done,
 * or given up (an error answer, no points).
 */
export async function drawFirstChart({
  root,
  host,
  windowId,
}: ShownShell): Promise<void> {
  // The series list too: the page's first render has both.
  const [answer, list] = await Promise.all([
    preloadedChart(),
    preloadedAnswer(SERIES_PATH),
  ]);
  // The dashboard has rendered meanwhile (and cleared the shell).
  if (!host.isConnected) return;
  if (answer?.status !== 200 || typeof answer.parsed !== "object") return;
  const spc = answer.parsed as SpcResponse;
  if (!Array.isArray(spc?.values) || !Array.isArray(spc.timestamps)) return;
  const shaped = shapeSpc(spc);
  if (shaped.data[0].length === 0) return;
  if (Array.isArray(list?.parsed))
    fillSeriesChoice(root, list.parsed as SeriesInfo[], spc);
  const title = root.querySelector("#chart-title");
  if (title) title.textContent = chartTitle(spc, spc.metric, windowId);

  // Measured now: the filled selector can change the page's width, and
  // the window may have been resized while the answer was on its way.
  const width = Math.max(host.clientWidth, 200);
  const format = metricFormat(spc.metric);
  const handlers: ChartHandlers = {
    getLimits: () => shaped.limits,
    describeFlag: (idx) => flagText(shaped, idx, format),
  };
  const opts = individualsOptions({
    width,
    height: CHART_HEIGHT,
    format,
    sync: true,
    label: spc.metric,
    logScale: false,
    getLimits: () => handlers.getLimits(),
    describeFlag: (idx) => handlers.describeFlag(idx),
    onSelect: (a, b) => handlers.onSelect?.(a, b),
  });
  markFirstDrawing(opts, "individuals-chart");
  host.replaceChildren(); // "Loading chart…"
  first = { plot: new uPlot(opts, shaped.data, host), handlers };
}

/**
 * The first chart, if it was drawn from exactly `data` (the same array:
 * uPlot keeps the one it is given, and shapeSpc gives one per answer
 * object) and is not yet taken; it answers to `handlers` from now on.
 * The caller moves `plot.root` into its own box and owns the instance.
 */
export function adoptFirstChart(
  data: uPlot.AlignedData,
  handlers: ChartHandlers,
): uPlot | null {
  if (!first || first.plot.data !== data) return null;
  const { plot } = first;
  Object.assign(first.handlers, handlers);
  first = null;
  return plot;
}

/** Destroys a first chart the page did not adopt. */
export function releaseFirstChart(): void {
  first?.plot.destroy();
  first = null;
}
