import { describe, expect, it } from "vitest";
import { OLLAMA_STEPS, curlSampleExample } from "./examples";

describe("first-run examples", () => {
  it("posts a valid sample to this server without the key itself", () => {
    const text = curlSampleExample(
      "http://127.0.0.1:8081",
      new Date("2026-12-04T15:00:00Z"),
    );
    expect(text).toContain("curl -X POST http://127.0.0.1:8081/api/stats");
    expect(text).toContain("Authorization: Bearer $LLMSCOPE_API_KEY");
    const json = /-d '(.*)'$/m.exec(text)?.[1];
    expect(JSON.parse(json ?? "")).toMatchObject({
      model: "my-model",
      latency_ms: 812.4,
      timestamp: "2026-12-04T15:00:00.000Z",
    });
  });

  it("starts LLMscope with the Ollama variables", () => {
    expect(OLLAMA_STEPS).toContain("USE_OLLAMA=true OLLAMA_MODEL=llama3.2:1b");
  });
});
