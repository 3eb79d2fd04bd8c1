import { DEFAULT_METRIC, parseChartLink } from "../dashboard/chartLink";
import type { SeriesInfo } from "../api/types";
import { seriesChoices, seriesId, type SeriesKey } from "../dashboard/series";
import { parseWindow, type WindowId } from "../dashboard/timeWindow";
import { SHELL_CHART, SHELL_TEMPLATE_ID } from "./marks";

/** The chart page's shell, put into the page before the dashboard. */
export interface ShownShell {
  root: HTMLElement;
  /** The box the chart goes into. */
  host: HTMLElement;
  /** The window the address names (or the default). */
  windowId: WindowId;
}

/**
 * Puts the chart page's shell (index.html's template) into #root, with
 * the metric and window the address names, unless the dashboard has
 * rendered already; lays it out at once, so that this is done while the
 * chart's data is still on its way. For a page whose chart is asked for.
 */
export function showChartShell(doc: Document = document): ShownShell | null {
  const root = doc.getElementById("root");
  const shell = doc.getElementById(SHELL_TEMPLATE_ID);
  if (!root || root.childElementCount > 0) return null;
  if (!(shell instanceof HTMLTemplateElement)) return null;

  root.replaceChildren(shell.content.cloneNode(true));
  const host = root.querySelector<HTMLElement>(`[${SHELL_CHART}]`);
  if (!host) return null;
  // The controls' own ids and names (dashboard/Controls.tsx).
  const link = parseChartLink(location.hash);
  const windowId = parseWindow(link.window);
  const metric = root.querySelector<HTMLSelectElement>("#metric-select");
  if (metric) metric.value = link.metric ?? DEFAULT_METRIC;
  const windowChoice = root.querySelector<HTMLInputElement>(
    `input[name="time-window"][value="${windowId}"]`,
  );
  if (windowChoice) windowChoice.checked = true;
  // Laid out now, while the chart's data is still on its way.
  void host.clientWidth;
  return { root, host, windowId };
}

/**
 * Fills the shell's series selector as the page's will be: its width
 * decides whether the controls above the chart take one row or two.
 */
export function fillSeriesChoice(
  root: HTMLElement,
  all: SeriesInfo[],
  selected: SeriesKey,
): void {
  const select = root.querySelector<HTMLSelectElement>("#series-select");
  if (!select) return;
  select.replaceChildren(
    ...seriesChoices(all).map((c) => new Option(c.label, c.value)),
  );
  select.value = seriesId(selected);
}
