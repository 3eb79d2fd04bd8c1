import type { Violation } from "../api/types";

/**
 * The time span to chart around an episode: the episode with as much
 * again on each side, at least 10 minutes, as Unix seconds for the x axis
 * and as the since/until of the chart request (only that span is read).
 */
export function episodeSpan(
  v: Pick<Violation, "timestamp" | "first_timestamp" | "last_timestamp">,
  nowMs: number,
): { xRange: [number, number]; since: string; until: string } | null {
  const first = Date.parse(v.first_timestamp ?? v.timestamp);
  const last = Date.parse(v.last_timestamp ?? v.timestamp);
  if (!Number.isFinite(first) || !Number.isFinite(last)) return null;
  const pad = Math.max(last - first, 10 * 60_000);
  const from = first - pad;
  const to = Math.min(last + pad, Math.max(nowMs, last));
  return {
    xRange: [from / 1000, to / 1000],
    since: new Date(from).toISOString(),
    until: new Date(to).toISOString(),
  };
}

/** The alert deliveries attached to a violation, whatever their wrapping. */
export function deliveriesOf(v: Violation) {
  const a = v.alerts;
  if (!a) return [];
  return Array.isArray(a) ? a : (a.deliveries ?? []);
}
