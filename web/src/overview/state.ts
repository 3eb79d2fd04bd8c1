import type { StreamSample, Violation } from "../api/types";
import { seriesId } from "../dashboard/series";

/** How a monitored series stands at a glance. */
export type SeriesState = "in-control" | "violations" | "failing";

/**
 * Failing (the newest probe failed, or most probes of the last hour did)
 * wins over open violations, which win over in control.
 */
export function seriesState(
  openViolations: number,
  lastFailed: boolean,
  errorRate: number | null,
): SeriesState {
  if (lastFailed || (errorRate ?? 0) > 0.5) return "failing";
  return openViolations > 0 ? "violations" : "in-control";
}

export function stateText(state: SeriesState, open: number): string {
  if (state === "failing") return "Failing";
  if (state === "violations")
    return `${open} open violation${open === 1 ? "" : "s"}`;
  return "In control";
}

/** Open violations per series id. */
export function openBySeries(list: Violation[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of list) {
    if (v.state !== "open") continue;
    const id = seriesId(v);
    out.set(id, (out.get(id) ?? 0) + 1);
  }
  return out;
}

/** Sparkline columns: x in Unix seconds, latency or null for failures. */
export type Spark = [number[], (number | null)[]];

/**
 * Appends a streamed sample to a sparkline and drops points older than
 * `windowS` before it; returns a new pair of columns (uPlot compares by
 * identity).
 */
export function appendSample(
  spark: Spark,
  sample: StreamSample,
  windowS: number,
): Spark {
  const x = Date.parse(sample.timestamp) / 1000;
  if (!Number.isFinite(x)) return spark;
  const y = sample.success ? sample.latency_ms : null;
  let start = 0;
  while (start < spark[0].length && (spark[0][start] ?? 0) < x - windowS) {
    start++;
  }
  return [
    [...spark[0].slice(start), x],
    [...spark[1].slice(start), y],
  ];
}
