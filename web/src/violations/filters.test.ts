import { describe, expect, it } from "vitest";
import { buildQuery } from "../api/client";
import {
  CUSTOM_RANGE,
  exportPaths,
  filterQuery,
  timeBounds,
  utcFieldToIso,
  type ViolationFilters,
} from "./filters";

const none: ViolationFilters = {
  series: null,
  rule: "",
  state: "",
  sinceHours: 0,
  from: "",
  until: "",
};
const NOW = Date.parse("2026-12-04T16:00:00.750Z");

describe("violation filters", () => {
  it("sends model, rule, state and the time window to the server", () => {
    expect(
      filterQuery(
        {
          ...none,
          series: { provider: "together", model: "m" },
          rule: "R1",
          state: "open",
          sinceHours: 24,
        },
        NOW,
      ),
    ).toEqual({
      limit: 500,
      provider: "together",
      model: "m",
      rule: "R1",
      state: "open",
      since: "2026-12-03T16:00:00.000Z",
    });
    expect(filterQuery({ ...none, state: "unresolved" }, NOW)).toEqual({
      limit: 500,
      resolved: false,
    });
  });

  it("counts the last hours back from now, in whole seconds", () => {
    expect(timeBounds({ ...none, sinceHours: 1 }, NOW)).toEqual({
      since: "2026-12-04T15:00:00.000Z",
    });
    expect(timeBounds({ ...none, sinceHours: 0 }, NOW)).toEqual({});
  });

  it("sends a custom range as UTC, either end open", () => {
    const range = { ...none, sinceHours: CUSTOM_RANGE };
    expect(
      timeBounds(
        { ...range, from: "2026-12-04T08:30", until: "2026-12-04T12:00" },
        NOW,
      ),
    ).toEqual({
      since: "2026-12-04T08:30:00.000Z",
      until: "2026-12-04T12:00:00.000Z",
    });
    expect(timeBounds({ ...range, until: "2026-12-04T12:00" }, NOW)).toEqual({
      since: undefined,
      until: "2026-12-04T12:00:00.000Z",
    });
    // The from / until fields are ignored unless the range is chosen.
    expect(timeBounds({ ...none, from: "2026-12-04T08:30" }, NOW)).toEqual({});
  });

  it("leaves out what a half-typed date cannot give", () => {
    expect(utcFieldToIso("")).toBeUndefined();
    expect(utcFieldToIso("2026-12-")).toBeUndefined();
    expect(utcFieldToIso("2026-12-04T08:30:15")).toBe(
      "2026-12-04T08:30:15.000Z",
    );
    const q = filterQuery(
      { ...none, sinceHours: CUSTOM_RANGE, from: "2026-12-", until: "" },
      NOW,
    );
    expect(q).toEqual({ limit: 500 });
  });

  it("puts the bounds in the URL the server reads", () => {
    const q = filterQuery({ ...none, sinceHours: 1 }, NOW);
    expect(buildQuery({ ...q })).toBe(
      "?limit=500&since=2026-12-04T15%3A00%3A00.000Z",
    );
  });

  it("builds both export routes from the same filters", () => {
    const p = exportPaths(
      {
        ...none,
        series: { provider: "p", model: "m" },
        rule: "R2",
        sinceHours: 6,
      },
      NOW,
    );
    expect(p.violations).toBe(
      "/api/export/violations?provider=p&model=m&rule=R2&since=2026-12-04T10%3A00%3A00.000Z&limit=1000",
    );
    expect(p.samples).toBe("/api/export/samples?provider=p&model=m&hours=6");
  });

  it("exports the samples of a custom range, or of 7 days for any time", () => {
    const custom = exportPaths(
      {
        ...none,
        sinceHours: CUSTOM_RANGE,
        from: "2026-12-04T08:00",
        until: "2026-12-04T09:00",
      },
      NOW,
    );
    expect(custom.violations).toBe(
      "/api/export/violations?since=2026-12-04T08%3A00%3A00.000Z&until=2026-12-04T09%3A00%3A00.000Z&limit=1000",
    );
    expect(custom.samples).toBe(
      "/api/export/samples?since=2026-12-04T08%3A00%3A00.000Z&until=2026-12-04T09%3A00%3A00.000Z",
    );
    expect(exportPaths(none, NOW).samples).toBe(
      "/api/export/samples?hours=168",
    );
  });
});
