import { describe, expect, it } from "vitest";
import { draftBody, draftOf, emptyDraft } from "./modelForm";

describe("model form", () => {
  it("builds the body with a default name and numbers", () => {
    const body = draftBody({
      ...emptyDraft(),
      model: "llama3.2:1b",
      interval_s: "5",
    });
    expect(body).toEqual({
      name: "ollama/llama3.2:1b",
      provider: "ollama",
      base_url: "http://localhost:11434",
      model: "llama3.2:1b",
      interval_s: 5,
    });
  });

  it("names the first problem", () => {
    expect(draftBody(emptyDraft())).toBe("Model is required.");
    expect(
      draftBody({ ...emptyDraft(), model: "m", base_url: "ftp://x" }),
    ).toMatch(/Base URL/);
    expect(draftBody({ ...emptyDraft(), model: "m", interval_s: "0" })).toMatch(
      /Interval/,
    );
  });

  it("round-trips a stored model", () => {
    const d = draftOf({
      id: 3,
      name: "n",
      provider: "openai",
      base_url: "http://127.0.0.1:9",
      model: "q",
      interval_s: 10,
      api_key_env: "OPENAI_API_KEY",
    });
    expect(draftBody(d)).toEqual({
      name: "n",
      provider: "openai",
      base_url: "http://127.0.0.1:9",
      model: "q",
      interval_s: 10,
      api_key_env: "OPENAI_API_KEY",
    });
  });
});
