/** Shell lines for the first-run screen; the key stays a variable. */

export const OLLAMA_STEPS = [
  "ollama serve &",
  "ollama pull llama3.2:1b",
  "USE_OLLAMA=true OLLAMA_MODEL=llama3.2:1b make run",
].join("\n");

/** A curl command that posts one sample to this server's /api/stats. */
export function curlSampleExample(origin: string, now: Date): string {
  const sample = {
    provider: "myapp",
    model: "my-model",
    timestamp: now.toISOString(),
    latency_ms: 812.4,
    ttft_ms: 143.0,
    success: true,
  };
  return [
    "LLMSCOPE_API_KEY=$(cat data/api_key)  # or the key you configured",
    `curl -X POST ${origin}/api/stats \\`,
    `  -H "Authorization: Bearer $LLMSCOPE_API_KEY" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '${JSON.stringify(sample)}'`,
  ].join("\n");
}
