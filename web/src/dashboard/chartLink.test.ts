import { describe, expect, it } from "vitest";
import {
  chartLinkHash,
  chartTitle,
  loadLastSeries,
  parseChartLink,
  saveLastSeries,
} from "./chartLink";

class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

describe("chart links", () => {
  it("round-trips series, metric and window, names with odd characters too", () => {
    const link = {
      series: { provider: "ollama", model: "llama3.2:1b & co/x?y=1#z" },
      metric: "ttft_ms" as const,
      window: "7d" as const,
    };
    const hash = chartLinkHash(link);
    expect(hash.startsWith("#/chart?")).toBe(true);
    expect(parseChartLink(hash)).toEqual(link);
  });

  it("drops unknown or partial parts instead of guessing", () => {
    expect(
      parseChartLink("#/chart?provider=ollama&metric=nope&window=2y"),
    ).toEqual({ series: null, metric: null, window: null });
    expect(parseChartLink("#/chart")).toEqual({
      series: null,
      metric: null,
      window: null,
    });
    expect(parseChartLink("#/chart?window=24H").window).toBe("24h");
    expect(chartLinkHash({ series: null, metric: null, window: null })).toBe(
      "#/chart",
    );
  });
});

describe("last series shown", () => {
  it("is remembered and read back; junk is ignored", () => {
    const storage = new MemoryStorage();
    expect(loadLastSeries(storage)).toBe(null);
    saveLastSeries(storage, { provider: "openai", model: "gpt-4o-mini" });
    expect(loadLastSeries(storage)).toEqual({
      provider: "openai",
      model: "gpt-4o-mini",
    });
    storage.setItem("llmscope.chartSeries", "{not json");
    expect(loadLastSeries(storage)).toBe(null);
    storage.setItem("llmscope.chartSeries", '{"provider":"", "model":3}');
    expect(loadLastSeries(storage)).toBe(null);
  });
});

describe("chart title", () => {
  it("names metric, series and window; a plain title without a series", () => {
    const series = { provider: "ollama", model: "llama3.2:1b" };
    expect(chartTitle(series, "ttft_ms", "7d")).toBe(
      "Time to first token · ollama / llama3.2:1b · last 7 d",
    );
    expect(chartTitle(series, "latency_ms", "custom")).toMatch(
      / · ollama \/ llama3\.2:1b · custom range$/,
    );
    expect(chartTitle(null, "latency_ms", "24h")).toBe("Control chart");
  });
});
