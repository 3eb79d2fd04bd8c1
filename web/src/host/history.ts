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
