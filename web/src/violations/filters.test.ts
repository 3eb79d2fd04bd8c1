import { describe, expect, it } from "vitest";
import type { Violation } from "../api/types";
import {
  exportPaths,
  filterQuery,
  withinTime,
  type ViolationFilters,
} from "./filters";

const none: ViolationFilters = {
  series: null,
  rule: "",
  state: "",
  sinceHours: 0,
};

describe("violation filters", () => {
  it("sends model, rule and state to the server", () => {
    expect(
      filterQuery({
        series: { provider: "together", model: "m" },
        rule: "R1",
        state: "open",
        sinceHours: 24,
      }),
    ).toEqual({
      limit: 500,
      provider: "together",
      model: "m",
      rule: "R1",
      state: "open",
    });
    expect(filterQuery({ ...none, state: "unresolved" })).toEqual({
      limit: 500,
      resolved: false,
    });
  });

  it("keeps only episodes opened inside the time window", () => {
    const now = Date.parse("2026-12-04T16:00:00Z");
    const v = (t: string) => ({ timestamp: t }) as Violation;
    const list = [v("2026-12-04T15:30:00Z"), v("2026-12-03T15:00:00Z")];
    expect(withinTime(list, 1, now)).toEqual([list[0]]);
    expect(withinTime(list, 0, now)).toEqual(list);
  });

  it("builds both export routes from the same filters", () => {
    const p = exportPaths({
      series: { provider: "p", model: "m" },
      rule: "R2",
      state: "",
      sinceHours: 6,
    });
    expect(p.violations).toBe(
      "/api/export/violations?provider=p&model=m&rule=R2&limit=1000",
    );
    expect(p.samples).toBe("/api/export/samples?provider=p&model=m&hours=6");
  });
});
