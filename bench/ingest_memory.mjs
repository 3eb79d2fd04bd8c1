// The server's memory after a bulk import: posts N samples (default
// 600,000, four series) in batches of 20,000 through POST /api/stats to
// the real binary and prints its resident memory (anonymous and file
// backed, from /proc) before, right after, and 3 s after the import.
//
//   LLMSCOPE_BIN=build/llmscope node bench/ingest_memory.mjs [samples]
import fs from "node:fs";
import { startServer } from "../e2e/harness.mjs";

const TOTAL = Number(process.argv[2] ?? 600_000);
const BATCH = 20_000;
const STEP_MS = 500;

const server = await startServer(["--no-probes"]);

/** Resident memory of the server process, in MB. */
function resident() {
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline;
    try {
      cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
    } catch {
      continue; // the process has gone
    }
    if (!cmdline.includes(server.dir)) continue;
    const status = fs.readFileSync(`/proc/${entry}/status`, "utf8");
    const mb = (name) => Number(status.match(new RegExp(`${name}:\\s+(\\d+)`))[1]) / 1024;
    return `${mb("RssAnon").toFixed(0)} MB anonymous, ${mb("RssFile").toFixed(0)} MB file`;
  }
  throw new Error("the server process was not found");
}

try {
  console.log(`before: ${resident()}`);
  const end = Date.now();
  const started = performance.now();
  for (let first = 0; first < TOTAL; first += BATCH) {
    const batch = [];
    for (let i = first; i < Math.min(first + BATCH, TOTAL); i++) {
      batch.push({
        provider: "bench",
        model: `m${i % 4}`,
        timestamp: new Date(end - (TOTAL - 1 - i) * STEP_MS).toISOString(),
        latency_ms: 800 + (i % 97),
      });
    }
    const res = await server.api("POST", "/api/stats", batch);
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`after ${TOTAL} samples (${seconds.toFixed(1)} s): ${resident()}`);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  console.log(`3 s later: ${resident()}`);
} finally {
  await server.stop();
}
