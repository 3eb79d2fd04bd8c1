import { describe, expect, it } from "vitest";
import type { SystemInfo } from "../api/types";
import { historyColumns } from "./history";

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
