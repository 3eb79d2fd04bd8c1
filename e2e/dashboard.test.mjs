// Browser test of the dashboard against the real llmscope binary.
//
// Starts `build/llmscope serve` on a free loopback port with a fresh
// database and a random API key, posts the together/13b requests of the
// llmperf leaderboard trace, and drives Debian's Chromium through sign-in,
// the first-run screen, the control chart and acknowledging a violation.
// Run with: node --test --test-concurrency=1 e2e/
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import {
  ARTIFACTS,
  figureNumber,
  launchBrowser,
  startServer,
  together13bSamples,
} from "./harness.mjs";

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  if (server) {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(
      path.join(ARTIFACTS, "dashboard-server.log"),
      server.log(),
    );
  }
});

const api = (...args) => server.api(...args);

test("health answers without a key and /api needs one", async () => {
  const health = await (await fetch(`${server.base}/health`)).json();
  assert.equal(health.status, "ok");
  assert.equal(health.mode, "live");
  assert.equal(health.replay, null);
  assert.equal((await fetch(`${server.base}/api/series`)).status, 401);
  assert.equal(
    (await api("GET", "/api/series", undefined, "wrong")).status,
    403,
  );
});

test("dashboard: sign in, first run, chart, violations, acknowledge", async (t) => {
  const page = await browser.newPage();
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
    // A first run opens the setup wizard; skipping it shows the first screen.
    await page.getByRole("button", { name: "Skip setup" }).click();
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
    await page.getByRole("link", { name: "Control chart" }).click();
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
