import { describe, expect, it } from "vitest";
import {
  DEFAULT_WINDOW,
  customRangeQuery,
  parseUtcInput,
  utcInputValue,
  TIME_WINDOWS,
  parseWindow,
  windowHours,
} from "./timeWindow";

describe("time windows", () => {
  it("maps each window to the hours the API takes", () => {
    expect(windowHours("1h")).toBe(1);
    expect(windowHours("6h")).toBe(6);
    expect(windowHours("24h")).toBe(24);
    expect(windowHours("7d")).toBe(168);
  });

  it("offers exactly 1 h, 6 h, 24 h and 7 d, shortest first", () => {
    expect(TIME_WINDOWS.map((w) => w.label)).toEqual([
      "1 h",
      "6 h",
      "24 h",
      "7 d",
    ]);
    const hours = TIME_WINDOWS.map((w) => w.hours);
    expect([...hours].sort((a, b) => a - b)).toEqual(hours);
  });

  it("reads a window from text, falling back to 24 h", () => {
    expect(parseWindow(" 7D ")).toBe("7d");
    expect(parseWindow("30d")).toBe(DEFAULT_WINDOW);
    expect(parseWindow(null)).toBe("24h");
  });

  it("refuses an unknown id", () => {
    // Only reachable by a cast; the type system rules it out otherwise.
    expect(() => windowHours("2h" as never)).toThrow(/unknown time window/);
  });
});

describe("custom ranges", () => {
  const now = Date.parse("2026-12-04T16:00:00Z");

  it("asks for exactly the range and fixes the x axis to it", () => {
    const q = customRangeQuery(
      {
        fromMs: Date.parse("2026-12-04T12:00:00Z"),
        toMs: Date.parse("2026-12-04T13:30:00Z"),
      },
      now,
    );
    expect(q?.since).toBe("2026-12-04T12:00:00.000Z");
    expect(q?.until).toBe("2026-12-04T13:30:00.000Z");
    expect(q?.xRange).toEqual([
      Date.parse("2026-12-04T12:00:00Z") / 1000,
      Date.parse("2026-12-04T13:30:00Z") / 1000,
    ]);
  });

  it("refuses an empty, reversed or future range", () => {
    expect(customRangeQuery({ fromMs: now - 10, toMs: now - 20 }, now)).toBe(
      null,
    );
    expect(customRangeQuery({ fromMs: now + 10, toMs: now + 20 }, now)).toBe(
      null,
    );
    expect(customRangeQuery({ fromMs: Number.NaN, toMs: now }, now)).toBe(null);
  });

  it("reads datetime-local values as UTC and writes them back", () => {
    const ms = parseUtcInput("2026-12-04T15:07");
    expect(new Date(ms).toISOString()).toBe("2026-12-04T15:07:00.000Z");
    expect(utcInputValue(ms)).toBe("2026-12-04T15:07");
    expect(parseUtcInput("yesterday")).toBeNaN();
  });
});
