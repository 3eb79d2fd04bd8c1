import type { Violation, ViolationQuery } from "../api/types";
import { buildQuery } from "../api/client";

/** The filters of the violations page, as the user set them. */
export interface ViolationFilters {
  /** Series id (provider + model) or "" for all. */
  series: { provider: string; model: string } | null;
  rule: string;
  /** "" all, "open"/"closed" episode state, or a workflow state. */
  state: "" | "open" | "closed" | "unacknowledged" | "unresolved";
  /** Only episodes opened in the last this many hours; 0 for any time. */
  sinceHours: number;
}

export const RULES = [
  "R1",
  "R2",
  "R3",
  "R4",
  "R5",
  "R6",
  "R7",
  "R8",
  "MR1",
  "EWMA",
  "CUSUM",
  "P1",
];

/** The server's query for the filters (time is filtered on the page). */
export function filterQuery(f: ViolationFilters, limit = 500): ViolationQuery {
  const q: ViolationQuery = { limit };
  if (f.series) {
    q.provider = f.series.provider;
    q.model = f.series.model;
  }
  if (f.rule) q.rule = f.rule;
  if (f.state === "open" || f.state === "closed") q.state = f.state;
  if (f.state === "unacknowledged") q.acknowledged = false;
  if (f.state === "unresolved") q.resolved = false;
  return q;
}

/** Drops violations opened before the filter's time window. */
export function withinTime(
  list: Violation[],
  sinceHours: number,
  nowMs: number,
): Violation[] {
  if (sinceHours <= 0) return list;
  const from = nowMs - sinceHours * 3_600_000;
  return list.filter((v) => Date.parse(v.timestamp) >= from);
}

/** Export routes for the filters: violations and the samples behind them. */
export function exportPaths(f: ViolationFilters): {
  violations: string;
  samples: string;
} {
  const q = filterQuery(f, 1000);
  const { limit: _drop, ...rest } = q;
  const hours = f.sinceHours > 0 ? f.sinceHours : undefined;
  return {
    violations: `/api/export/violations${buildQuery({ ...rest, limit: 1000 })}`,
    samples: `/api/export/samples${buildQuery({
      provider: f.series?.provider,
      model: f.series?.model,
      hours: hours ?? 24 * 7,
    })}`,
  };
}
