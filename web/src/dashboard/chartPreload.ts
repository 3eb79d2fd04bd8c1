/** Where the chart page leaves its last request for public/preload.js. */
export const CHART_PRELOAD = "llmscope.chartPreload";

/**
 * Remembers that the page at `hash` asked for the chart at `url`, so that
 * preload.js can send the same request early when this address opens
 * again. A custom range is not remembered (its hash does not name it).
 */
export function rememberChartRequest(
  storage: Storage,
  hash: string,
  url: string,
): void {
  try {
    storage.setItem(CHART_PRELOAD, JSON.stringify({ hash, url }));
  } catch {
    // Storage full or disabled: the page just loads without the head start.
  }
}
