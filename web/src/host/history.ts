import type { SystemInfo } from "../api/types";

/**
 * uPlot columns of host readings: x in Unix seconds, then CPU, memory and,
 * when any reading has a GPU, GPU and GPU memory (percent).
 */
export function historyColumns(
  readings: SystemInfo[],
): [number[], ...(number | null)[][]] {
  const rows = readings.filter((r) =>
    Number.isFinite(Date.parse(r.timestamp ?? "")),
  );
  const xs = rows.map((r) => Date.parse(r.timestamp ?? "") / 1000);
  const cols: [number[], ...(number | null)[][]] = [
    xs,
    rows.map((r) => r.cpu),
    rows.map((r) => r.memory),
  ];
  if (rows.some((r) => r.gpu_available)) {
    cols.push(
      rows.map((r) => r.gpu),
      rows.map((r) => r.gpu_memory),
    );
  }
  return cols;
}

/** Readings the host page keeps: 30 minutes at one every 2 s. */
export const HOST_HISTORY_MAX = 900;

const timeOf = (r: SystemInfo) => Date.parse(r.timestamp ?? "");

/**
 * The server's history joined with the readings streamed since, oldest
 * first: each timestamp once (the stream sends the same readings the
 * server keeps), readings without a time dropped, the newest `max` kept.
 */
export function mergeHistory(
  loaded: SystemInfo[],
  streamed: SystemInfo[],
  max = HOST_HISTORY_MAX,
): SystemInfo[] {
  const byTime = new Map<number, SystemInfo>();
  for (const r of [...loaded, ...streamed]) {
    const t = timeOf(r);
    if (Number.isFinite(t) && !byTime.has(t)) byTime.set(t, r);
  }
  const rows = [...byTime.entries()].sort((a, b) => a[0] - b[0]);
  return rows.slice(-max).map(([, r]) => r);
}
