// Shared parts of the browser tests: the real llmscope server on loopback,
// Debian's Chromium on a fresh profile, and the recorded trace.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
);
const require = createRequire(path.join(ROOT, "web", "package.json"));
const { chromium } = require("playwright-core");

export const BIN =
  process.env.LLMSCOPE_BIN ?? path.join(ROOT, "build", "llmscope");
export const TRACE = path.join(
  ROOT,
  "tests",
  "data",
  "llmperf_leaderboard_requests.csv",
);
export const ARTIFACTS = path.join(ROOT, "e2e", "artifacts");
export const HOST = "127.0.0.1";
/** Upper bound of one browser step or API call. */
export const STEP_MS = 15_000;

/** A port the kernel just handed out on loopback. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(base, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`llmscope exited early with code ${child.exitCode}`);
    }
    try {
      const res = await fetch(`${base}/health`, {
        signal: AbortSignal.timeout(1000),
      });
      if (res.ok) return res.json();
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no answer from ${base}/health within ${timeoutMs} ms`);
}

/**
 * Starts `llmscope serve` on a free loopback port with a fresh database
 * and a random key; `extraArgs` are appended. Always pair with stop().
 * `again` (a stopped server) restarts on its port, database and key.
 */
export async function startServer(extraArgs = [], again = undefined) {
  assert.ok(fs.existsSync(BIN), `${BIN} is missing: run make build first`);
  const dir =
    again?.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "llmscope-e2e-"));
  const port = again?.port ?? (await freePort());
  const key = again?.key ?? randomBytes(18).toString("hex");
  const logPath = path.join(dir, "server.log");
  const log = fs.openSync(logPath, "a");
  const args = ["serve", "--port", String(port), "--bind", HOST];
  args.push("--database", path.join(dir, "llmscope.db"), ...extraArgs);
  const child = spawn(BIN, args, {
    env: { ...process.env, LLMSCOPE_API_KEY: key },
    stdio: ["ignore", log, log],
  });
  const killOnExit = () => child.kill("SIGKILL");
  process.on("exit", killOnExit);

  const server = {
    base: `http://${HOST}:${port}`,
    key,
    dir,
    port,
    /** The server's output so far, for failure reports. */
    log: () => fs.readFileSync(logPath, "utf8"),
    /** SIGTERM, then SIGKILL after 5 s; resolves once it has exited. */
    async stop() {
      process.off("exit", killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
    /** One API call with the key; the body parsed when there is one. */
    async api(method, route, body, apiKey = key) {
      const res = await fetch(server.base + route, {
        method,
        headers: {
          Authorization: `Bearer ${apiKey}`,
          "Content-Type": "application/json",
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(STEP_MS),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
  };
  try {
    await waitForHealth(server.base, child, 20_000);
  } catch (e) {
    await server.stop();
    throw new Error(`${e.message}\n--- llmscope log ---\n${server.log()}`);
  }
  return server;
}

/**
 * Debian's Chromium, headless, on a fresh profile, allowed to reach
 * 127.0.0.1 only. Returns a persistent BrowserContext; close() it.
 *
 * Tests check every request through Playwright (`intercept`, the default).
 * That costs a round trip to Playwright per request, so the benchmark
 * turns it off and relies on Chromium alone: every request not to
 * loopback goes to a proxy on a closed loopback port and fails.
 */
export async function launchBrowser({ intercept = true } = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "llmscope-chromium-"));
  const guard = intercept ? [] : ["--proxy-server=http://127.0.0.1:9"];
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    timeout: 30_000,
    viewport: { width: 1400, height: 1000 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...guard,
    ],
  });
  context.setDefaultTimeout(STEP_MS);
  if (intercept) {
    await context.route("**/*", (route) => {
      const url = new URL(route.request().url());
      return url.hostname === HOST ? route.continue() : route.abort();
    });
  }
  return context;
}

/** RFC 4180 rows: quoted fields may hold commas and doubled quotes. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((field += '"'), i++);
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") (row.push(field), (field = ""));
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      (row.push(field), rows.push(row), (row = []), (field = ""));
    } else field += c;
  }
  if (field !== "" || row.length > 0) (row.push(field), rows.push(row));
  return rows;
}

/**
 * The together/13b requests of the trace as samples: ttft_s in ms as
 * latency_ms, 2 s apart with the last one at `nowMs`; a request with an
 * error code is a failed sample.
 */
export function together13bSamples(nowMs) {
  const [header, ...rows] = parseCsv(fs.readFileSync(TRACE, "utf8"));
  const col = (name) => header.indexOf(name);
  const picked = rows.filter(
    (r) => r[col("provider")] === "together" && r[col("model_size")] === "13b",
  );
  return picked.map((r, i) => {
    const sample = {
      provider: "together",
      model: "llama-2-13b",
      timestamp: new Date(nowMs - (picked.length - 1 - i) * 2000).toISOString(),
      latency_ms: Number(r[col("ttft_s")]) * 1000,
    };
    if (r[col("error_code")] !== "") sample.success = false;
    return sample;
  });
}

/** "1,234 ms" -> 1234, "−5.5 ms" -> -5.5 */
export function figureNumber(text) {
  return Number(text.replace("−", "-").replace(/[^0-9.-]/g, ""));
}
