import { describe, expect, it } from "vitest";
import type { StreamSample, Violation } from "../api/types";
import {
  appendSample,
  openBySeries,
  seriesState,
  stateText,
  type Spark,
} from "./state";

describe("series state", () => {
  it("ranks failing over open violations over in control", () => {
    expect(seriesState(2, true, 0)).toBe("failing");
    expect(seriesState(0, false, 0.8)).toBe("failing");
    expect(seriesState(2, false, 0.1)).toBe("violations");
    expect(seriesState(0, false, null)).toBe("in-control");
  });

  it("says how many violations are open", () => {
    expect(stateText("violations", 1)).toBe("1 open violation");
    expect(stateText("violations", 3)).toBe("3 open violations");
    expect(stateText("in-control", 0)).toBe("In control");
  });

  it("counts open episodes per series", () => {
    const v = (provider: string, state: "open" | "closed") =>
      ({ provider, model: "m", state }) as Violation;
    const got = openBySeries([
      v("a", "open"),
      v("a", "open"),
      v("b", "closed"),
    ]);
    expect([...got.values()]).toEqual([2]);
  });
});

describe("appendSample", () => {
  const sample = (t: string, latency: number | null, success = true) =>
    ({
      timestamp: t,
      latency_ms: latency,
      success,
    }) as StreamSample;

  it("appends and drops points that left the window", () => {
    const base = Date.parse("2026-12-04T15:00:00Z") / 1000;
    const spark: Spark = [
      [base, base + 10, base + 20],
      [1, 2, 3],
    ];
    const next = appendSample(spark, sample("2026-12-04T15:00:25Z", 9), 10);
    expect(next).toEqual([
      [base + 20, base + 25],
      [3, 9],
    ]);
    expect(spark[0]).toHaveLength(3);
  });

  it("puts a gap for a failed probe and ignores bad times", () => {
    const next = appendSample(
      [[], []],
      sample("2026-12-04T15:00:00Z", 5, false),
      60,
    );
    expect(next[1]).toEqual([null]);
    expect(appendSample(next, sample("garbage", 1), 60)).toBe(next);
  });
});
