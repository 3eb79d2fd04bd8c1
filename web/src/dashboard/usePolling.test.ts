import { describe, expect, it } from "vitest";
import {
  LARGE_CHART_INTERVAL_MS,
  POLL_INTERVAL_MS,
  chartPollInterval,
} from "./usePolling";

describe("chartPollInterval", () => {
  it("polls every 2 s for ordinary charts", () => {
    expect(POLL_INTERVAL_MS).toBe(2000);
    expect(chartPollInterval(undefined)).toBe(2000);
    expect(chartPollInterval(150)).toBe(2000);
    expect(chartPollInterval(20_000)).toBe(2000);
  });

  it("slows down for a chart of a day of 2 s probes", () => {
    expect(chartPollInterval(43_200)).toBe(LARGE_CHART_INTERVAL_MS);
    expect(LARGE_CHART_INTERVAL_MS).toBeGreaterThan(POLL_INTERVAL_MS);
  });
});
