import type { Violation, ViolationQuery } from "../api/types";

/** Where a violation stands in the workflow, independent of `state`. */
export type Workflow = "new" | "acknowledged" | "resolved";

export function workflowOf(v: Violation): Workflow {
  if (v.resolved_at) return "resolved";
  if (v.is_acknowledged) return "acknowledged";
  return "new";
}

/** Which violations the list shows. */
export type ListFilter = "all" | "unacknowledged" | "unresolved";

export const LIST_FILTERS: { id: ListFilter; label: string }[] = [
  { id: "unresolved", label: "Unresolved" },
  { id: "unacknowledged", label: "Not acknowledged" },
  { id: "all", label: "All" },
];

/** Query for the list: the filter, optionally narrowed to one series. */
export function violationQuery(
  filter: ListFilter,
  series: { provider: string; model: string } | null,
  limit = 100,
): ViolationQuery {
  const q: ViolationQuery = { limit };
  if (series) {
    q.provider = series.provider;
    q.model = series.model;
  }
  if (filter === "unacknowledged") q.acknowledged = false;
  if (filter === "unresolved") q.resolved = false;
  return q;
}

/** The value that opened the episode, in the metric's unit. */
export function violationValue(v: Violation): number | null {
  return v.value ?? v.latency_ms ?? null;
}

/** Replaces one violation in a list by id, keeping the order. */
export function replaceById(
  list: Violation[],
  updated: Violation,
): Violation[] {
  return list.map((v) => (v.id === updated.id ? updated : v));
}

/** "1 attempt", "3 attempts". */
export function attemptsText(n: number): string {
  return `${n} attempt${n === 1 ? "" : "s"}`;
}
