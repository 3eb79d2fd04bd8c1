import { describe, expect, it } from "vitest";
import type { SpcResponse } from "../api/types";
import {
  DASH,
  formatCount,
  formatFixed,
  formatMetric,
  formatNumber,
  formatPercent,
  formatShare,
  formatSigma,
  metricFormat,
  formatTime,
  summaryFigures,
} from "./format";

describe("formatNumber", () => {
  it("uses fewer decimals as numbers grow", () => {
    expect(formatNumber(3.14159)).toBe("3.142");
    expect(formatNumber(31.4159)).toBe("31.42");
    expect(formatNumber(314.159)).toBe("314.2");
    expect(formatNumber(100469.6)).toBe("100,470");
  });

  it("keeps each precision apart when formats alternate", () => {
    // One formatter per number of decimals, reused: none leaks into another.
    expect([1.5, 1500, 15.5, 1.5].map(formatNumber)).toEqual([
      "1.500",
      "1,500",
      "15.50",
      "1.500",
    ]);
    expect(formatCount(302400)).toBe("302,400");
    expect(formatShare(0.5)).toBe("50.00 %");
    expect(formatNumber(2.25)).toBe("2.250");
  });

  it("shows a dash for missing or non-finite values", () => {
    expect(formatNumber(null)).toBe(DASH);
    expect(formatNumber(undefined)).toBe(DASH);
    expect(formatNumber(Number.NaN)).toBe(DASH);
  });
});

describe("unit-aware formatting", () => {
  it("adds ms to durations and tok/s to throughput", () => {
    expect(formatMetric(812.44, "latency_ms")).toBe("812.4 ms");
    expect(formatMetric(42.5, "tokens_per_s")).toBe("42.50 tok/s");
    expect(formatMetric(null, "ttft_ms")).toBe(DASH);
  });

  it("shows a 0..1 share as percent and a percent as is", () => {
    expect(formatShare(0.0067)).toBe("0.67 %");
    expect(formatShare(1)).toBe("100.00 %");
    expect(formatPercent(41.26)).toBe("41.3 %");
  });

  it("signs deviations in sigma", () => {
    expect(formatSigma(3.421)).toBe("+3.42 σ");
    expect(formatSigma(-2)).toBe("−2.00 σ");
    expect(formatSigma(0)).toBe("0.00 σ");
  });

  it("prints times in UTC to the second", () => {
    expect(formatTime("2026-12-04T15:00:00.123Z")).toBe(
      "2026-12-04 15:00:00 UTC",
    );
    expect(formatTime("2026-12-04T16:00:00+01:00")).toBe(
      "2026-12-04 15:00:00 UTC",
    );
    expect(formatTime(null)).toBe(DASH);
  });
});

describe("summaryFigures", () => {
  const res: SpcResponse = {
    provider: "p",
    model: "m",
    metric: "ttft_ms",
    hours: 1,
    timestamps: [],
    values: [],
    spc: {
      metric: "ttft_ms",
      method: "imr",
      baseline: "rolling",
      n: 149,
      center: 1234.5,
      sigma: 100,
      ucl: 1534.5,
      lcl: 934.5,
    },
    flags: [
      { index: 1, timestamp: "t", rules: ["R1"] },
      { index: 5, timestamp: "t", rules: ["R1", "R2"] },
    ],
    summary: {
      count: 149,
      mean: 1300,
      std: 8000,
      p50: 550,
      p95: 700,
      p99: 100000,
      errors: 1,
      error_rate: 1 / 150,
    },
  };
  const byId = Object.fromEntries(
    summaryFigures(res).map((f) => [f.id, f.value]),
  );

  it("lists every summary figure with the metric's unit", () => {
    expect(byId).toMatchObject({
      count: "149",
      mean: "1,300 ms",
      sigma: "100.0 ms",
      std: "8,000 ms",
      p50: "550.0 ms",
      p95: "700.0 ms",
      p99: "100,000 ms",
      "error-rate": "0.67 %",
      errors: "1",
    });
  });

  it("includes the limits and the number of flagged points", () => {
    expect(byId.ucl).toBe("1,535 ms");
    expect(byId.cl).toBe("1,235 ms");
    expect(byId.lcl).toBe("934.5 ms");
    expect(byId.flagged).toBe("2");
  });

  it("shows dashes for limits when there are none yet", () => {
    const none = summaryFigures({ ...res, spc: null });
    expect(none.find((f) => f.id === "ucl")?.value).toBe(DASH);
    expect(none.find((f) => f.id === "sigma")?.value).toBe(DASH);
  });
});

describe("formatNumber of zero", () => {
  it("prints a plain 0", () => {
    expect(formatNumber(0)).toBe("0");
    expect(formatMetric(0, "latency_ms")).toBe("0 ms");
  });
});

describe("summaryFigures of an empty window", () => {
  it("shows dashes, not the zeros the server sends, for the statistics", () => {
    const figures = summaryFigures({
      provider: "p",
      model: "m",
      metric: "latency_ms",
      hours: 1,
      timestamps: [],
      values: [],
      spc: null,
      flags: [],
      summary: {
        count: 0,
        mean: 0,
        std: 0,
        p50: 0,
        p95: 0,
        p99: 0,
        errors: 0,
        error_rate: 0,
      },
    });
    const byId = Object.fromEntries(figures.map((f) => [f.id, f.value]));
    expect(byId.count).toBe("0");
    expect(byId.mean).toBe(DASH);
    expect(byId.p99).toBe(DASH);
    expect(byId["error-rate"]).toBe("0.00 %");
  });
});

describe("metricFormat", () => {
  it("reads error rates as shares and other metrics as numbers", () => {
    expect(metricFormat("error_rate")).toBe(formatShare);
    expect(metricFormat("latency_ms")).toBe(formatNumber);
    expect(metricFormat("tokens_per_s")).toBe(formatNumber);
  });
});

describe("formatFixed", () => {
  // Intl.NumberFormat("en-US") is the reference it stands in for.
  const intl = (value: number, digits: number) =>
    new Intl.NumberFormat("en-US", {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(value);

  it("writes what Intl writes, over many magnitudes and every precision used", () => {
    // A fixed generator, so that a failure names a value that can be re-run.
    let seed = 20261205;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const values: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const magnitude = 10 ** Math.floor(next() * 30 - 12);
      values.push((next() - 0.3) * magnitude);
    }
    for (const digits of [0, 1, 2, 3])
      for (const v of values)
        expect(formatFixed(v, digits), `${v} to ${digits}`).toBe(
          intl(v, digits),
        );
  });

  it("rounds a tie on the decimal the number reads as, away from zero", () => {
    const cases: [number, number][] = [
      [1.0005, 3], // toFixed gives 1.000
      [2.5, 0],
      [-2.5, 0],
      [0.125, 2],
      [999.9996, 3],
      [9.995, 2],
      [0.0005, 3],
      [1e21, 0],
      [1.5e-7, 3],
      [123456789.5, 0],
    ];
    for (const [v, digits] of cases)
      expect(formatFixed(v, digits), `${v}`).toBe(intl(v, digits));
    expect(formatFixed(1.0005, 3)).toBe("1.001");
    expect(formatFixed(999.9996, 3)).toBe("1,000.000");
  });

  it("keeps the sign of a negative value rounded to zero, as Intl does", () => {
    expect(formatFixed(-0.0001, 3)).toBe("-0.000");
    expect(formatFixed(-0, 0)).toBe(intl(-0, 0));
    expect(formatFixed(0, 2)).toBe("0.00");
  });

  it("writes non-finite values as Intl does", () => {
    for (const v of [Infinity, -Infinity, NaN])
      expect(formatFixed(v, 2)).toBe(intl(v, 2));
  });
});
