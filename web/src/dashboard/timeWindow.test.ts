import { describe, expect, it } from "vitest";
import {
  DEFAULT_WINDOW,
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
