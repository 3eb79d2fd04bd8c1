import { describe, expect, it } from "vitest";
import { SERIES_PATH, spcPath } from "../api/client";
import type { SeriesInfo } from "../api/types";
import { API_KEY_STORAGE } from "../auth/apiKeyStore";
import { chartQuery, saveLastSeries } from "../dashboard/chartLink";
import { planPreload } from "./plan";

function storage(entries: Record<string, string> = {}) {
  const map = new Map(Object.entries(entries));
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

const signedIn = () => storage({ [API_KEY_STORAGE]: " key-1 " });
const series = (provider: string, model: string, last: string): SeriesInfo =>
  ({ provider, model, last_timestamp: last }) as SeriesInfo;

describe("planPreload", () => {
  it("asks for the chart a link names, as the chart page will", () => {
    const plan = planPreload(
      "#/chart?provider=ollama&model=llama3.2%3A1b&metric=ttft_ms&window=7d",
      signedIn(),
    );
    expect(plan?.key).toBe("key-1");
    expect(plan?.series).toBe(SERIES_PATH);
    expect(plan?.chart).toBe(
      "/api/stats/spc?provider=ollama&model=llama3.2%3A1b&metric=ttft_ms" +
        "&hours=168&max_points=2000",
    );
  });

  it("fills in the page's defaults for metric and window", () => {
    const plan = planPreload(
      "#/chart?provider=p&model=m&metric=nonsense&window=3y",
      signedIn(),
    );
    expect(plan?.chart).toBe(
      spcPath(chartQuery({ provider: "p", model: "m" }, "latency_ms", "24h")),
    );
  });

  it("uses the series this browser showed last when the link names none", () => {
    const store = signedIn();
    saveLastSeries(store, { provider: "a", model: "b" });
    const plan = planPreload("#/chart?window=1h", store);
    expect(plan?.chart).toBe(
      spcPath(chartQuery({ provider: "a", model: "b" }, "latency_ms", "1h")),
    );
  });

  it("otherwise picks from the series list as the dashboard does", () => {
    const plan = planPreload("#/chart?window=6h", signedIn());
    expect(plan?.chart).toBe(null);
    const list = [
      series("old", "x", "2026-12-01T00:00:00Z"),
      series("new", "y", "2026-12-04T00:00:00Z"),
    ];
    expect(plan?.chartAfter(list)).toBe(
      spcPath(chartQuery({ provider: "new", model: "y" }, "latency_ms", "6h")),
    );
    expect(plan?.chartAfter([])).toBe(null);
  });

  it("preloads nothing without a key or away from the chart page", () => {
    expect(planPreload("#/chart?provider=p&model=m", storage())).toBe(null);
    expect(planPreload("#/violations", signedIn())).toBe(null);
    expect(planPreload("", signedIn())).toBe(null);
  });
});
