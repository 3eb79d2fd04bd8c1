import { describe, expect, it } from "vitest";
import type { Violation } from "../api/types";
import {
  attemptsText,
  replaceById,
  violationQuery,
  violationValue,
  workflowOf,
} from "./status";

function violation(overrides: Partial<Violation> = {}): Violation {
  return {
    id: 1,
    provider: "p",
    model: "m",
    metric: "latency_ms",
    rule: "R1",
    timestamp: "t",
    latency_ms: 900,
    deviation_sigma: 3.5,
    mean_ms: 500,
    std_ms: 100,
    ucl_ms: 800,
    lcl_ms: 200,
    cpu_percent: 1,
    memory_percent: 2,
    gpu_percent: 0,
    gpu_memory_percent: 0,
    first_timestamp: "t",
    last_timestamp: "t",
    points: 1,
    state: "open",
    is_acknowledged: false,
    acknowledged_at: null,
    acknowledged_by: null,
    note: null,
    resolved_at: null,
    resolved_by: null,
    ...overrides,
  };
}

describe("violation workflow", () => {
  it("is new, then acknowledged, then resolved", () => {
    expect(workflowOf(violation())).toBe("new");
    expect(workflowOf(violation({ is_acknowledged: true }))).toBe(
      "acknowledged",
    );
    expect(
      workflowOf(violation({ is_acknowledged: true, resolved_at: "t2" })),
    ).toBe("resolved");
  });

  it("counts a resolve without acknowledge as resolved", () => {
    expect(workflowOf(violation({ resolved_at: "t2" }))).toBe("resolved");
  });

  it("prefers value over latency_ms for the opening value", () => {
    expect(violationValue(violation({ value: 12, latency_ms: 900 }))).toBe(12);
    expect(violationValue(violation())).toBe(900);
  });

  it("replaces one violation in place", () => {
    const list = [violation({ id: 1 }), violation({ id: 2 })];
    const out = replaceById(list, violation({ id: 2, is_acknowledged: true }));
    expect(out.map((v) => [v.id, v.is_acknowledged])).toEqual([
      [1, false],
      [2, true],
    ]);
  });
});

describe("violationQuery", () => {
  it("maps the list filter to the API's flags", () => {
    expect(violationQuery("unacknowledged", null)).toEqual({
      limit: 100,
      acknowledged: false,
    });
    expect(violationQuery("unresolved", null)).toEqual({
      limit: 100,
      resolved: false,
    });
    expect(violationQuery("all", { provider: "p", model: "m" }, 5)).toEqual({
      limit: 5,
      provider: "p",
      model: "m",
    });
  });
});

describe("attemptsText", () => {
  it("counts attempts in words", () => {
    expect(attemptsText(1)).toBe("1 attempt");
    expect(attemptsText(3)).toBe("3 attempts");
  });
});
