import type { SpcQuery } from "../api/client";
import type { Metric } from "../api/types";
import { METRICS } from "./format";
import { seriesLabel, type SeriesKey } from "./series";
import {
  isWindowId,
  TIME_WINDOWS,
  windowHours,
  type WindowId,
} from "./timeWindow";

/** Points the server sends for one chart at most (it thins beyond). */
export const MAX_POINTS = 2000;

/** The metric a chart opens on when its address names none. */
export const DEFAULT_METRIC: Metric = "latency_ms";

/** "Latency (ms) · openai/gpt-4o · last 24 h": the chart panel's title. */
export function chartTitle(
  series: SeriesKey | null,
  metric: Metric,
  window: WindowId | "custom",
): string {
  if (!series) return "Control chart";
  const metricLabel = METRICS.find((m) => m.id === metric)?.label ?? metric;
  const windowLabel =
    window === "custom"
      ? "custom range"
      : `last ${TIME_WINDOWS.find((w) => w.id === window)?.label}`;
  return `${metricLabel} · ${seriesLabel(series)} · ${windowLabel}`;
}

/**
 * The request for a series' chart: over a window ending now, or over an
 * explicit range (a custom range). The chart page and the preload script
 * both build it here, so that the page finds the answer the script asked
 * for under the same path.
 */
export function chartQuery(
  series: SeriesKey,
  metric: Metric,
  span: WindowId | { since: string; until: string },
): SpcQuery {
  return {
    provider: series.provider,
    model: series.model,
    metric,
    ...(typeof span === "string"
      ? { hours: windowHours(span) }
      : { since: span.since, until: span.until }),
    max_points: MAX_POINTS,
  };
}

/** What a chart link names; each part null when missing or malformed. */
export interface ChartLink {
  series: SeriesKey | null;
  metric: Metric | null;
  window: WindowId | null;
}

/**
 * Reads a chart link such as
 * "#/chart?provider=ollama&model=llama3.2%3A1b&metric=ttft_ms&window=7d".
 * The page can ask for the chart at once, before the series list arrives.
 */
export function parseChartLink(hash: string): ChartLink {
  const query = hash.includes("?") ? hash.slice(hash.indexOf("?") + 1) : "";
  const params = new URLSearchParams(query);
  const provider = params.get("provider")?.trim() ?? "";
  const model = params.get("model")?.trim() ?? "";
  const metric = params.get("metric") ?? "";
  const window = params.get("window")?.trim().toLowerCase() ?? "";
  return {
    series: provider && model ? { provider, model } : null,
    metric: METRICS.find((m) => m.id === metric)?.id ?? null,
    window: isWindowId(window) ? window : null,
  };
}

/** The hash of a chart link; parts left null are left out. */
export function chartLinkHash(link: ChartLink): string {
  const params = new URLSearchParams();
  if (link.series) {
    params.set("provider", link.series.provider);
    params.set("model", link.series.model);
  }
  if (link.metric) params.set("metric", link.metric);
  if (link.window) params.set("window", link.window);
  const text = params.toString();
  return text ? `#/chart?${text}` : "#/chart";
}

const LAST_SERIES = "llmscope.chartSeries";

/** The series last shown on the chart page in this browser, if any. */
export function loadLastSeries(
  storage: Pick<Storage, "getItem">,
): SeriesKey | null {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(LAST_SERIES) ?? "null");
    if (
      typeof parsed === "object" &&
      parsed !== null &&
      "provider" in parsed &&
      "model" in parsed &&
      typeof parsed.provider === "string" &&
      typeof parsed.model === "string" &&
      parsed.provider &&
      parsed.model
    )
      return { provider: parsed.provider, model: parsed.model };
  } catch {
    // Not JSON: forget it.
  }
  return null;
}

export function saveLastSeries(
  storage: Pick<Storage, "setItem">,
  series: SeriesKey,
): void {
  storage.setItem(
    LAST_SERIES,
    JSON.stringify({ provider: series.provider, model: series.model }),
  );
}
