import { describe, expect, it } from "vitest";
import type { SpcResponse } from "../api/types";
import {
  flagText,
  movingRanges,
  reorder,
  shapeSpc,
  toChartLimits,
  toSeconds,
  yRange,
  zoneOf,
} from "./shape";

function response(overrides: Partial<SpcResponse> = {}): SpcResponse {
  return {
    provider: "together",
    model: "llama-2-13b",
    metric: "latency_ms",
    hours: 24,
    timestamps: [
      "2026-12-04T15:00:00.000Z",
      "2026-12-04T15:00:02.500Z",
      "2026-12-04T15:00:04.000Z",
    ],
    values: [500, 520, 4000],
    spc: {
      metric: "latency_ms",
      method: "imr",
      baseline: "rolling",
      n: 3,
      center: 510,
      sigma: 20,
      ucl: 570,
      lcl: 450,
    },
    flags: [{ index: 2, timestamp: "2026-12-04T15:00:04.000Z", rules: ["R1"] }],
    summary: {
      count: 3,
      mean: 1673.3,
      std: 2015,
      p50: 520,
      p95: 3652,
      p99: 3930,
      errors: 0,
      error_rate: 0,
    },
    ...overrides,
  };
}

describe("toSeconds", () => {
  it("turns ISO 8601 UTC into Unix seconds with the milliseconds kept", () => {
    expect(toSeconds("2026-12-04T15:00:00.123Z")).toBeCloseTo(
      1796396400.123,
      6,
    );
  });

  it("honours an offset", () => {
    expect(toSeconds("2026-12-04T16:00:00+01:00")).toBe(1796396400);
  });

  it("gives NaN for unreadable text", () => {
    expect(toSeconds("yesterday")).toBeNaN();
  });
});

describe("shapeSpc", () => {
  it("shapes one answer object once; an equal copy is shaped afresh", () => {
    const res = response();
    const first = shapeSpc(res);
    expect(shapeSpc(res)).toBe(first);
    expect(shapeSpc(res).data).toBe(first.data);
    const copy = shapeSpc(structuredClone(res));
    expect(copy).not.toBe(first);
    expect(copy.data).toEqual(first.data);
  });

  it("builds x in seconds, the values, and a marker column at flags", () => {
    const { data, flaggedCount, rulesAt } = shapeSpc(response());
    expect(data[0]).toEqual([1796396400, 1796396402.5, 1796396404]);
    expect(data[1]).toEqual([500, 520, 4000]);
    expect(data[2]).toEqual([null, null, 4000]);
    expect(flaggedCount).toBe(1);
    expect(rulesAt.get(2)).toEqual(["R1"]);
  });

  it("ignores flags whose index is outside the arrays", () => {
    const res = response({
      flags: [
        { index: 7, timestamp: "x", rules: ["R1"] },
        { index: -1, timestamp: "x", rules: ["R2"] },
      ],
    });
    const { data, flaggedCount } = shapeSpc(res);
    expect(data[2]).toEqual([null, null, null]);
    expect(flaggedCount).toBe(0);
  });

  it("merges the rules of a point flagged twice", () => {
    const res = response({
      flags: [
        { index: 0, timestamp: "x", rules: ["R1"] },
        { index: 0, timestamp: "x", rules: ["R5"] },
      ],
    });
    expect(shapeSpc(res).rulesAt.get(0)).toEqual(["R1", "R5"]);
  });

  it("sorts by time and keeps each flag on its own point", () => {
    const res = response({
      timestamps: [
        "2026-12-04T15:00:04Z",
        "2026-12-04T15:00:00Z",
        "2026-12-04T15:00:02Z",
      ],
      values: [4000, 500, 520],
      flags: [{ index: 0, timestamp: "x", rules: ["R1"] }],
    });
    const { data, rulesAt } = shapeSpc(res);
    expect(data[1]).toEqual([500, 520, 4000]);
    expect(data[2]).toEqual([null, null, 4000]);
    expect([...rulesAt.keys()]).toEqual([2]);
  });

  it("sorts when only the last point is out of order, keeping equal times as sent", () => {
    const res = response({
      timestamps: [
        "2026-12-04T15:00:00Z",
        "2026-12-04T15:00:02Z",
        "2026-12-04T15:00:02Z",
        "2026-12-04T15:00:01Z",
      ],
      values: [1, 2, 3, 4],
    });
    expect(shapeSpc(res).data[1]).toEqual([1, 4, 2, 3]);
    expect(shapeSpc(res).order).toEqual([0, 3, 1, 2]);
  });

  it("drops points with an unreadable time and remaps later flags", () => {
    const res = response({
      timestamps: ["bad", "2026-12-04T15:00:02Z", "2026-12-04T15:00:04Z"],
      flags: [{ index: 2, timestamp: "x", rules: ["R1"] }],
    });
    const { data, rulesAt } = shapeSpc(res);
    expect(data[0]).toHaveLength(2);
    expect(data[2]).toEqual([null, 4000]);
    expect(rulesAt.get(1)).toEqual(["R1"]);
  });

  it("has no limits when the server sent none", () => {
    expect(shapeSpc(response({ spc: null })).limits).toBeNull();
  });
});

describe("toChartLimits", () => {
  it("draws a negative LCL at 0 but keeps the computed value", () => {
    const limits = toChartLimits({
      metric: "latency_ms",
      method: "imr",
      baseline: "rolling",
      n: 10,
      center: 100,
      sigma: 50,
      ucl: 250,
      lcl: -50,
    });
    expect(limits).toEqual({
      center: 100,
      ucl: 250,
      lcl: -50,
      lclDrawn: 0,
      sigma: 50,
    });
  });
});

describe("yRange", () => {
  const limits = {
    center: 500,
    ucl: 600,
    lcl: 400,
    lclDrawn: 400,
    sigma: null,
  };

  it("widens the data range to show all three limit lines", () => {
    const [lo, hi] = yRange(480, 520, limits);
    expect(lo).toBeLessThan(400);
    expect(hi).toBeGreaterThan(600);
  });

  it("never goes below zero", () => {
    expect(yRange(1, 5, { ...limits, lclDrawn: 0 })[0]).toBe(0);
  });

  it("gives a usable range with no data at all", () => {
    expect(yRange(null, null, null)).toEqual([0, 1]);
  });
});

describe("yRange on a log axis", () => {
  it("ignores zero and negative values and pads by a factor", () => {
    const limits = {
      center: 500,
      ucl: 900,
      lcl: -100,
      lclDrawn: 0,
      sigma: null,
    };
    const [lo, hi] = yRange(200, 100000, limits, true);
    expect(lo).toBeCloseTo(160);
    expect(hi).toBeCloseTo(125000);
  });

  it("falls back to one decade without positive values", () => {
    expect(yRange(null, null, null, true)).toEqual([1, 10]);
  });
});

describe("moving ranges, reordering and zones", () => {
  it("gives |x_i - x_(i-1)| with none for the first point", () => {
    expect(movingRanges([5, 8, 6, 6])).toEqual([null, 3, 2, 0]);
  });

  it("puts server columns in chart order and blanks bad values", () => {
    expect(reorder([10, null, 30, Number.NaN], [2, 0, 1, 3, 9])).toEqual([
      30,
      10,
      null,
      null,
      null,
    ]);
  });

  it("finds the sigma zone of a value", () => {
    const l = { center: 100, ucl: 130, lcl: 70, lclDrawn: 70, sigma: 10 };
    expect(zoneOf(105, l)).toBe(0);
    expect(zoneOf(110, l)).toBe(0);
    expect(zoneOf(85, l)).toBe(1);
    expect(zoneOf(121, l)).toBe(2);
  });

  it("derives sigma from symmetric limits only", () => {
    const spc = {
      metric: "latency_ms" as const,
      method: "imr",
      baseline: "rolling",
      n: 30,
      center: 100,
      sigma: 10,
    };
    expect(toChartLimits({ ...spc, ucl: 130, lcl: 70 })?.sigma).toBe(10);
    expect(toChartLimits({ ...spc, ucl: 200, lcl: 80 })?.sigma).toBeNull();
  });
});

describe("flagText", () => {
  it("names a flagged point's rules, time and value; nothing for others", () => {
    const shaped = shapeSpc(response());
    expect(flagText(shaped, 2, (v) => `${v} ms`)).toBe(
      "R1 at 2026-12-04 15:00:04 UTC: 4000 ms",
    );
    expect(flagText(shaped, 0, String)).toBe(null);
  });
});
