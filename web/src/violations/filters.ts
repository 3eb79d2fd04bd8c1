import type { ViolationQuery } from "../api/types";
import { buildQuery } from "../api/client";

/** The filters of the violations page, as the user set them. */
export interface ViolationFilters {
  /** Series id (provider + model) or "" for all. */
  series: { provider: string; model: string } | null;
  rule: string;
  /** "" all, "open"/"closed" episode state, or a workflow state. */
  state: "" | "open" | "closed" | "unacknowledged" | "unresolved";
  /**
   * Only episodes opened in the last this many hours; 0 for any time,
   * CUSTOM_RANGE for `from` / `until`.
   */
  sinceHours: number;
  /** With CUSTOM_RANGE: datetime-local values read as UTC; "" is open. */
  from: string;
  until: string;
}

/** `sinceHours` value of a custom from / until range. */
export const CUSTOM_RANGE = -1;

/** A datetime-local value ("2026-12-04T15:00") read as UTC, as ISO 8601. */
export function utcFieldToIso(value: string): string | undefined {
  // Date.parse alone would take "2026-12-" as a date.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value))
    return undefined;
  const ms = Date.parse(`${value}Z`);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/**
 * The time bounds of the filters for the server (ISO 8601, inclusive):
 * the last N hours count back from `nowMs`, a custom range is sent as set.
 */
export function timeBounds(
  f: ViolationFilters,
  nowMs: number,
): { since?: string; until?: string } {
  if (f.sinceHours === CUSTOM_RANGE) {
    return { since: utcFieldToIso(f.from), until: utcFieldToIso(f.until) };
  }
  if (f.sinceHours > 0) {
    // Whole seconds, so the query (and its cache key) reads cleanly.
    const since = Math.floor((nowMs - f.sinceHours * 3_600_000) / 1000) * 1000;
    return { since: new Date(since).toISOString() };
  }
  return {};
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

/** The server's query for the filters, time included. */
export function filterQuery(
  f: ViolationFilters,
  nowMs: number,
  limit = 500,
): ViolationQuery {
  const q: ViolationQuery = { limit };
  if (f.series) {
    q.provider = f.series.provider;
    q.model = f.series.model;
  }
  if (f.rule) q.rule = f.rule;
  if (f.state === "open" || f.state === "closed") q.state = f.state;
  if (f.state === "unacknowledged") q.acknowledged = false;
  if (f.state === "unresolved") q.resolved = false;
  const { since, until } = timeBounds(f, nowMs);
  if (since) q.since = since;
  if (until) q.until = until;
  return q;
}

/** Export routes for the filters: violations and the samples behind them. */
export function exportPaths(
  f: ViolationFilters,
  nowMs: number,
): {
  violations: string;
  samples: string;
} {
  const q = filterQuery(f, nowMs, 1000);
  const { limit: _drop, ...rest } = q;
  // The samples of the same window; 7 days when the violations have none.
  const custom = f.sinceHours === CUSTOM_RANGE && (q.since ?? q.until);
  const hours = f.sinceHours > 0 ? f.sinceHours : custom ? undefined : 24 * 7;
  return {
    violations: `/api/export/violations${buildQuery({ ...rest, limit: 1000 })}`,
    samples: `/api/export/samples${buildQuery({
      provider: f.series?.provider,
      model: f.series?.model,
      hours,
      since: custom ? q.since : undefined,
      until: custom ? q.until : undefined,
    })}`,
  };
}
