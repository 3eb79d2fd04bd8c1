import { describe, expect, it } from "vitest";
import { CHART_COLORS } from "../chart/plugins";
import { contrastRatio } from "./contrast";

// Tailwind's slate, sky, rose, emerald and amber shades the page uses
// (sRGB equivalents), on the dark theme's backgrounds.
const PAGE = "#020617"; // slate-950, the page
const PANEL = "#0f172a"; // slate-900, panels
const TEXT = {
  "slate-100": "#f1f5f9",
  "slate-200": "#e2e8f0",
  "slate-300": "#cbd5e1",
  "sky-300 (links)": "#7dd3fc",
  "rose-300 (errors)": "#fda4af",
  "emerald-200 (success)": "#a7f3d0",
  "amber-200 (notes)": "#fde68a",
};

describe("contrast on the dark theme", () => {
  it("computes the WCAG ratio", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21);
    expect(contrastRatio("#777777", "#777777")).toBe(1);
  });

  for (const [name, color] of Object.entries(TEXT)) {
    it(`${name} text reads at AA (4.5:1) on page and panel`, () => {
      expect(contrastRatio(color, PAGE)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(color, PANEL)).toBeGreaterThanOrEqual(4.5);
    });
  }

  it("badges keep AA: white on their fills", () => {
    expect(contrastRatio("#ecfdf5", "#064e3b")).toBeGreaterThanOrEqual(4.5); // in control
    expect(contrastRatio("#020617", "#fcd34d")).toBeGreaterThanOrEqual(4.5); // violations
    expect(contrastRatio("#fff1f2", "#9f1239")).toBeGreaterThanOrEqual(4.5); // failing
    expect(contrastRatio("#ffffff", "#0369a1")).toBeGreaterThanOrEqual(4.5); // button
  });

  it("chart lines and markers stand out at 3:1 (graphics)", () => {
    for (const c of [
      CHART_COLORS.points,
      CHART_COLORS.center,
      CHART_COLORS.limit,
      CHART_COLORS.flag,
      CHART_COLORS.ewma,
      CHART_COLORS.cusumUp,
      CHART_COLORS.cusumDown,
    ]) {
      expect(contrastRatio(c, PANEL)).toBeGreaterThanOrEqual(3);
    }
  });
});
