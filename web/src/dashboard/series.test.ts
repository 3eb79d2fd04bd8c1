import { describe, expect, it } from "vitest";
import type { SeriesInfo } from "../api/types";
import {
  pickSeries,
  seriesChoices,
  seriesFromId,
  seriesId,
  seriesLabel,
} from "./series";

const s = (
  provider: string,
  model: string,
  last: string | null,
): SeriesInfo => ({
  provider,
  model,
  samples: 10,
  errors: 0,
  last_timestamp: last,
});

describe("series selection", () => {
  const all = [
    s("ollama", "llama3.2:1b", "2026-12-04T15:00:00Z"),
    s("together", "llama-2-13b", "2026-12-04T16:00:00Z"),
    s("openai", "gpt", null),
  ];

  it("keeps the chosen series while it exists", () => {
    expect(pickSeries(all, seriesId(all[0]!))).toBe(all[0]);
  });

  it("otherwise picks the series with the newest sample", () => {
    expect(pickSeries(all, null)).toBe(all[1]);
    expect(pickSeries(all, "gone\u001fmodel")).toBe(all[1]);
  });

  it("picks nothing from an empty list", () => {
    expect(pickSeries([], null)).toBeNull();
  });

  it("keeps provider and model apart even when they contain slashes", () => {
    expect(seriesId(s("a/b", "c", null))).not.toBe(
      seriesId(s("a", "b/c", null)),
    );
    expect(seriesLabel(s("together", "llama-2-13b", null))).toBe(
      "together / llama-2-13b",
    );
  });
});

describe("series ids", () => {
  it("read back into the series they name", () => {
    const key = { provider: "ollama", model: "llama3.2:1b" };
    expect(seriesFromId(seriesId(key))).toEqual(key);
    expect(seriesFromId(null)).toBe(null);
    expect(seriesFromId("no separator")).toBe(null);
    expect(seriesFromId(seriesId({ provider: "", model: "m" }))).toBe(null);
  });
});

describe("series choices", () => {
  it("offers each series by id with its sample count", () => {
    expect(seriesChoices([s("groq", "70b", null)])).toEqual([
      {
        value: seriesId(s("groq", "70b", null)),
        label: "groq / 70b (10 samples)",
      },
    ]);
    expect(seriesChoices([])).toEqual([]);
  });
});
