// The server's memory after a bulk import: posts N samples (default
// 600,000, four series) in batches of 20,000 through POST /api/stats to
// the real binary and prints its resident memory (anonymous and file
// backed, from /proc) before, right after, and 3 s after the import.
//
//   LLMSCOPE_BIN=build/llmscope node bench/ingest_memory.mjs [samples]
import fs from "node:fs";
import { startServer } from "../e2e/harness.mjs";
import { postSamples } from "./post_samples.mjs";

const TOTAL = Number(process.argv[2] ?? 600_000);
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
  const ms = await postSamples(server, TOTAL, STEP_MS, (i) => ({
    provider: "bench",
    model: `m${i % 4}`,
    latency_ms: 800 + (i % 97),
  }));
  const seconds = ms / 1000;
  console.log(`after ${TOTAL} samples (${seconds.toFixed(1)} s): ${resident()}`);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  console.log(`3 s later: ${resident()}`);
} finally {
  await server.stop();
}
