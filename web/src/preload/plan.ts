import { SERIES_PATH, spcPath } from "../api/client";
import type { SeriesInfo } from "../api/types";
import { loadApiKey, type KeyValueStore } from "../auth/apiKeyStore";
import {
  chartQuery,
  DEFAULT_METRIC,
  loadLastSeries,
  parseChartLink,
} from "../dashboard/chartLink";
import { pageFromHash } from "../dashboard/nav";
import { pickSeries, type SeriesKey } from "../dashboard/series";
import { parseWindow } from "../dashboard/timeWindow";

/**
 * The first requests a chart address will make, worked out from the
 * address and this browser's storage exactly as the dashboard will.
 */
export interface PreloadPlan {
  key: string;
  /** The series list, which the page always asks for. */
  series: string;
  /** The chart, when the address or this browser names its series. */
  chart: string | null;
  /** Otherwise the chart of the series the page will pick from the list. */
  chartAfter: (list: SeriesInfo[]) => string | null;
}

/** What to preload for `hash`, or null (not the chart page, no key). */
export function planPreload(
  hash: string,
  storage: KeyValueStore,
): PreloadPlan | null {
  const key = loadApiKey(storage);
  if (!key || pageFromHash(hash) !== "chart") return null;
  const link = parseChartLink(hash);
  const metric = link.metric ?? DEFAULT_METRIC;
  const window = parseWindow(link.window);
  const pathOf = (s: SeriesKey) => spcPath(chartQuery(s, metric, window));
  const named = link.series ?? loadLastSeries(storage);
  return {
    key,
    series: SERIES_PATH,
    chart: named ? pathOf(named) : null,
    chartAfter: (list) => {
      const picked = pickSeries(list, null);
      return picked ? pathOf(picked) : null;
    },
  };
}
