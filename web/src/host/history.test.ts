import { describe, expect, it } from "vitest";
import type { SystemInfo } from "../api/types";
import { historyColumns, mergeHistory } from "./history";

const r = (t: string, cpu: number, gpu = false): SystemInfo => ({
  cpu,
  memory: 40,
  gpu: gpu ? 10 : 0,
  gpu_memory: gpu ? 20 : 0,
  gpu_available: gpu,
  timestamp: t,
});

describe("historyColumns", () => {
  it("gives CPU and memory columns without a GPU", () => {
    const cols = historyColumns([r("2026-12-04T15:00:00Z", 5), r("bad", 9)]);
    expect(cols).toEqual([
      [Date.parse("2026-12-04T15:00:00Z") / 1000],
      [5],
      [40],
    ]);
  });

  it("adds the GPU columns when a reading has a GPU", () => {
    const cols = historyColumns([r("2026-12-04T15:00:00Z", 5, true)]);
    expect(cols).toHaveLength(5);
    expect(cols[3]).toEqual([10]);
  });
});

describe("mergeHistory", () => {
  const t = (s: number) =>
    new Date(Date.UTC(2026, 11, 4, 15, 0, s)).toISOString();
  const times = (rs: SystemInfo[]) => rs.map((x) => x.timestamp);

  it("appends streamed readings after the loaded history, each once", () => {
    const loaded = [r(t(0), 1), r(t(2), 2), r(t(4), 3)];
    // The stream sent t(4) before the history arrived, then t(6).
    const streamed = [r(t(4), 3), r(t(6), 4)];
    const merged = mergeHistory(loaded, streamed);
    expect(times(merged)).toEqual([t(0), t(2), t(4), t(6)]);
    expect(merged.map((x) => x.cpu)).toEqual([1, 2, 3, 4]);
  });

  it("orders by time whatever order the parts come in", () => {
    const merged = mergeHistory([r(t(4), 3), r(t(0), 1)], [r(t(2), 2)]);
    expect(times(merged)).toEqual([t(0), t(2), t(4)]);
  });

  it("keeps only the newest readings past the bound", () => {
    const loaded = [0, 2, 4, 6].map((s) => r(t(s), s));
    const merged = mergeHistory(loaded, [r(t(8), 8)], 3);
    expect(times(merged)).toEqual([t(4), t(6), t(8)]);
  });

  it("drops readings without a usable time and copes with nothing", () => {
    expect(mergeHistory([], [])).toEqual([]);
    expect(times(mergeHistory([r("bad", 1)], [r(t(2), 2)]))).toEqual([t(2)]);
  });

  it("treats the same instant written differently as one reading", () => {
    const merged = mergeHistory(
      [r("2026-12-04T15:00:02.000Z", 1)],
      [r("2026-12-04T16:00:02.000+01:00", 1)],
    );
    expect(merged).toHaveLength(1);
  });
});
