// Browser test of the dashboard against the real llmscope binary.
//
// Starts `build/llmscope serve` on a free loopback port with a fresh
// database and a random API key, posts the together/13b requests of the
// llmperf leaderboard trace, and drives Debian's Chromium through sign-in,
// the first-run screen, the control chart and acknowledging a violation.
// Run with: node --test --test-concurrency=1 e2e/
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(ROOT, "web", "package.json"));
const { chromium } = require("playwright-core");

const BIN = process.env.LLMSCOPE_BIN ?? path.join(ROOT, "build", "llmscope");
const TRACE = path.join(
  ROOT,
  "tests",
  "data",
  "llmperf_leaderboard_requests.csv",
);
const ARTIFACTS = path.join(ROOT, "e2e", "artifacts");
const HOST = "127.0.0.1";
const STEP_MS = 15_000;

let server; // { child, base, key, dir, log }
let browser; // a persistent BrowserContext on a fresh profile

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

/** The together/13b requests as samples, 2 s apart, the last one now. */
function together13bSamples(nowMs) {
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

async function api(method, route, body, key = server.key) {
  const res = await fetch(server.base + route, {
    method,
    headers: {
      Authorization: `Bearer ${key}`,
      "Content-Type": "application/json",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(STEP_MS),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
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

async function stopServer() {
  const child = server?.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

before(async () => {
  assert.ok(fs.existsSync(BIN), `${BIN} is missing: run make build first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "llmscope-e2e-"));
  const port = await freePort();
  const key = randomBytes(18).toString("hex");
  const log = fs.openSync(path.join(dir, "server.log"), "w");
  const child = spawn(
    BIN,
    [
      "serve",
      "--port",
      String(port),
      "--bind",
      HOST,
      "--database",
      path.join(dir, "llmscope.db"),
    ],
    {
      env: { ...process.env, LLMSCOPE_API_KEY: key },
      stdio: ["ignore", log, log],
    },
  );
  server = { child, base: `http://${HOST}:${port}`, key, dir };
  process.on("exit", () => child.kill("SIGKILL"));
  await waitForHealth(server.base, child, 20_000);

  // A fresh profile each run; Playwright passes it as --user-data-dir.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "llmscope-chromium-"));
  browser = await chromium.launchPersistentContext(profile, {
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
    ],
  });
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await stopServer();
  if (process.exitCode && server) {
    const logText = fs.readFileSync(
      path.join(server.dir, "server.log"),
      "utf8",
    );
    console.error(`--- llmscope log ---\n${logText.slice(-4000)}`);
  }
});

/** A page that may only talk to our server on loopback. */
async function loopbackPage() {
  browser.setDefaultTimeout(STEP_MS);
  await browser.route("**/*", (route) => {
    const url = new URL(route.request().url());
    return url.hostname === HOST ? route.continue() : route.abort();
  });
  return browser.newPage();
}

/** "1,234 ms" -> 1234 */
function figureNumber(text) {
  return Number(text.replace(/[^0-9.\-−]/g, "").replace("−", "-"));
}

test("health answers without a key and /api needs one", async () => {
  const health = await (await fetch(`${server.base}/health`)).json();
  assert.equal(health.status, "ok");
  assert.ok(["live", "replay"].includes(health.mode), `mode: ${health.mode}`);
  assert.equal((await fetch(`${server.base}/api/series`)).status, 401);
  assert.equal(
    (await api("GET", "/api/series", undefined, "wrong")).status,
    403,
  );
});

test("dashboard: sign in, first run, chart, violations, acknowledge", async (t) => {
  const page = await loopbackPage();
  const keyInput = page.getByLabel("API key");

  await t.test("a wrong key is refused on the sign-in screen", async () => {
    await page.goto(server.base + "/");
    await keyInput.fill("not-the-key");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "refused" }).waitFor();
  });

  await t.test("the right key shows the first-run screen", async () => {
    await keyInput.fill(server.key);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("No data yet").waitFor();
    const curl = await page.getByLabel("curl example").textContent();
    assert.match(curl, new RegExp(`${server.base}/api/stats`));
    assert.ok(!curl.includes(server.key), "the key must not be printed");
    const stored = await page.evaluate(() =>
      localStorage.getItem("llmscope.apiKey"),
    );
    assert.equal(stored, server.key);
  });

  const samples = together13bSamples(Date.now());
  await t.test("a batch of the real trace is stored", async () => {
    assert.equal(samples.length, 150);
    assert.ok(
      samples.some((s) => s.success === false),
      "the trace has a failure",
    );
    const res = await api("POST", "/api/stats", samples);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.logged, 150);
  });

  await t.test("the chart appears without a reload", async () => {
    const select = page.getByLabel("Series");
    await select.waitFor();
    await select.selectOption({ value: "together\u001fllama-2-13b" });
    await page.locator("label").filter({ hasText: /^1 h$/ }).click();
    await page.locator("#chart canvas").first().waitFor();
    await page.getByTestId("figure-count").filter({ hasText: /\d/ }).waitFor();
  });

  await t.test(
    "the summary shows the server's limits and flagged points",
    async () => {
      const q = "provider=together&model=llama-2-13b&metric=latency_ms&hours=1";
      const { body: spc } = await api("GET", `/api/stats/spc?${q}`);
      assert.ok(spc.spc, "the server computed limits");
      assert.ok(spc.flags.length > 0, "the server flagged the ~100 s stalls");

      const ucl = figureNumber(
        await page.getByTestId("figure-ucl").locator("dd").textContent(),
      );
      const cl = figureNumber(
        await page.getByTestId("figure-cl").locator("dd").textContent(),
      );
      assert.ok(
        Math.abs(ucl - spc.spc.ucl) <= Math.max(1, spc.spc.ucl * 0.001),
        `UCL ${ucl}`,
      );
      assert.ok(
        Math.abs(cl - spc.spc.center) <= Math.max(1, spc.spc.center * 0.001),
        `CL ${cl}`,
      );
      const flagged = await page
        .getByTestId("figure-flagged")
        .locator("dd")
        .textContent();
      assert.equal(Number(flagged), spc.flags.length);
      await page
        .getByTestId("chart-caption")
        .filter({ hasText: /[1-9]\d* flagged point/ })
        .waitFor();
      const count = await page
        .getByTestId("figure-count")
        .locator("dd")
        .textContent();
      assert.equal(Number(count.replace(/,/g, "")), spc.summary.count);
    },
  );

  let violationId;
  await t.test(
    "the violations list has an R1 and its details open",
    async () => {
      const row = page
        .getByTestId("violation-row")
        .filter({ hasText: "R1" })
        .first();
      await row.waitFor();
      const open = row.getByRole("button", {
        name: /Open violation \d+ \(R1\)/,
      });
      violationId = Number(
        /violation (\d+)/.exec(await open.getAttribute("aria-label"))[1],
      );
      await open.click();
      const details = page.getByTestId("violation-details");
      await details.getByText(`Violation #${violationId}: R1`).waitFor();
      for (const label of [
        "Value",
        "Deviation",
        "Center (CL)",
        "Sigma",
        "UCL",
        "LCL",
        "Points",
        "Host CPU",
      ]) {
        await details
          .locator("dt", {
            hasText: new RegExp(`^${label.replace(/[()]/g, "\\$&")}$`),
          })
          .waitFor();
      }
    },
  );

  await t.test(
    "acknowledging needs a name, then shows everywhere",
    async () => {
      const details = page.getByTestId("violation-details");
      const form = details.getByRole("form", { name: "Acknowledge" });
      await form.getByLabel(/Your name/).fill("");
      await form.getByRole("button", { name: "Acknowledge" }).click();
      await form.getByText("Your name is required.").waitFor();

      await form.getByLabel(/Your name/).fill("e2e operator");
      await form.getByLabel("Note").fill("stall seen by the browser test");
      await form.getByRole("button", { name: "Acknowledge" }).click();
      await details
        .getByTestId("ack-info")
        .filter({ hasText: "Acknowledged by e2e operator" })
        .waitFor();

      const row = page.getByTestId("violation-row").filter({
        has: page.getByRole("button", {
          name: `Open violation ${violationId} (R1)`,
        }),
      });
      await row
        .getByTestId("workflow")
        .filter({ hasText: "acknowledged" })
        .waitFor();
      const { body: stored } = await api(
        "GET",
        `/api/violations/${violationId}`,
      );
      assert.equal(stored.is_acknowledged, true);
      assert.equal(stored.acknowledged_by, "e2e operator");
      assert.equal(stored.note, "stall seen by the browser test");

      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({
        path: path.join(ARTIFACTS, "dashboard.png"),
        fullPage: true,
      });
    },
  );

  await t.test("a key the server refuses returns to sign-in", async () => {
    await page.evaluate(() =>
      localStorage.setItem("llmscope.apiKey", "stale-key"),
    );
    await page.reload();
    await page.getByRole("alert").filter({ hasText: "refused" }).waitFor();
    await keyInput.waitFor();
    const stored = await page.evaluate(() =>
      localStorage.getItem("llmscope.apiKey"),
    );
    assert.equal(stored, null);
  });
});
