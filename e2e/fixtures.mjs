// Data and loopback stand-ins for the workflow browser tests: series of the
// recorded llmperf trace, a fake Ollama endpoint to probe, and a webhook
// sink that plays Slack.
import fs from "node:fs";
import http from "node:http";
import { HOST, TRACE, parseCsv } from "./harness.mjs";

/**
 * Every request of the trace for the given (provider, model_size) groups,
 * as samples of series `<provider>` / `llama-2-<size>`, 2 s apart, the
 * last at `nowMs`: latency, TTFT, time per output token, tokens/s and
 * token counts as measured; a request with an error code fails.
 */
export function traceSamples(nowMs, groups) {
  const [header, ...rows] = parseCsv(fs.readFileSync(TRACE, "utf8"));
  const col = (name) => header.indexOf(name);
  const num = (r, name, scale = 1) =>
    r[col(name)] === "" ? undefined : Number(r[col(name)]) * scale;
  const out = [];
  for (const [provider, size] of groups) {
    const picked = rows.filter(
      (r) => r[col("provider")] === provider && r[col("model_size")] === size,
    );
    picked.forEach((r, i) => {
      const ts = nowMs - (picked.length - 1 - i) * 2000;
      const s = {
        provider,
        model: `llama-2-${size}`,
        timestamp: new Date(ts).toISOString(),
      };
      if (r[col("error_code")] !== "") {
        out.push({
          ...s,
          success: false,
          error: r[col("error_msg")] || "error",
        });
        return;
      }
      out.push({
        ...s,
        latency_ms: num(r, "end_to_end_latency_s", 1000),
        ttft_ms: num(r, "ttft_s", 1000),
        itl_ms: num(r, "inter_token_latency_s", 1000),
        tokens_per_s: num(r, "request_output_throughput_token_per_s"),
        output_tokens: num(r, "number_output_tokens"),
        input_tokens: num(r, "number_input_tokens"),
      });
    });
  }
  return out;
}

function listen(server) {
  return new Promise((resolve) =>
    server.listen(0, HOST, () => resolve(server.address().port)),
  );
}

/** An Ollama /api/generate on loopback that streams a short answer. */
export async function startFakeOllama() {
  const server = http.createServer((req, res) => {
    if (req.method !== "POST" || req.url !== "/api/generate") {
      res.writeHead(404).end();
      return;
    }
    req.resume();
    res.writeHead(200, { "Content-Type": "application/x-ndjson" });
    const words = ["The ", "sea ", "is ", "calm."];
    let i = 0;
    const tick = setInterval(() => {
      if (i < words.length) {
        res.write(
          JSON.stringify({ model: "fake", response: words[i++], done: false }) +
            "\n",
        );
        return;
      }
      clearInterval(tick);
      res.end(
        JSON.stringify({
          model: "fake",
          response: "",
          done: true,
          eval_count: words.length,
          prompt_eval_count: 12,
          total_duration: 90_000_000,
          eval_duration: 60_000_000,
        }) + "\n",
      );
    }, 15);
  });
  const port = await listen(server);
  return { url: `http://${HOST}:${port}`, close: () => server.close() };
}

/** Accepts POSTs like a Slack incoming webhook and keeps their bodies. */
export async function startWebhookSink() {
  const bodies = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      bodies.push(body);
      res.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
    });
  });
  const port = await listen(server);
  return {
    url: `http://${HOST}:${port}/services/T000/B000/hook`,
    bodies,
    close: () => server.close(),
  };
}

/** A loopback port with nothing listening (a mail server that is down). */
export async function closedPort() {
  const server = http.createServer();
  const port = await listen(server);
  await new Promise((r) => server.close(r));
  return port;
}
