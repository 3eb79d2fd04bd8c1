// Browser test of replay mode: `llmscope serve --replay <trace>` must be
// announced by the dashboard's banner, and the replayed series charted.
// Run with: node --test --test-concurrency=1 e2e/
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { ARTIFACTS, TRACE, launchBrowser, startServer } from "./harness.mjs";

let server;
let browser;

before(async () => {
  server = await startServer(["--replay", TRACE, "--replay-speed", "20"]);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  if (server) {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, "replay-server.log"), server.log());
  }
});

test("health reports the replay and its source", async () => {
  const health = await (await fetch(`${server.base}/health`)).json();
  assert.equal(health.mode, "replay");
  assert.equal(health.replay?.source, path.basename(TRACE));
  assert.equal(health.replay?.speed, 20);
});

test("the dashboard shows the replay banner and a replayed chart", async () => {
  const page = await browser.newPage();
  await page.goto(server.base + "/");
  await page.getByLabel("API key").fill(server.key);
  await page.getByRole("button", { name: "Sign in" }).click();

  const banner = page.getByTestId("replay-banner");
  await banner.waitFor();
  assert.equal(
    (await banner.textContent()).trim(),
    "Replay of a recorded trace: llmperf_leaderboard_requests.csv at 20x",
  );
  await page.getByTestId("series-card").locator("canvas").first().waitFor();
  await page.getByRole("link", { name: "Control chart" }).click();
  await page.locator("#chart canvas").first().waitFor();
  const options = await page.getByLabel("Series").locator("option").count();
  assert.ok(options > 0, "the replay created at least one series");
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, "replay.png") });
});

test("the replay banner does not move the chart when it appears", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.base}/health`);
  await page.evaluate((key) => {
    localStorage.setItem("llmscope.apiKey", key);
    localStorage.setItem("llmscope.setupDone", "1");
  }, server.key);
  // Every place the chart is at, each frame, from its first drawing on.
  await page.addInitScript(() => {
    window.__tops = [];
    const look = () => {
      const chart = document.querySelector("#chart .uplot");
      if (chart) {
        const top = Math.round(chart.getBoundingClientRect().top + scrollY);
        if (!window.__tops.includes(top)) window.__tops.push(top);
      }
      requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  await page.setViewportSize({ width: 1024, height: 800 });
  await page.goto(`${server.base}/#/chart`);
  await page.getByTestId("replay-banner").waitFor();
  await page.getByTestId("individuals-chart").locator("canvas").waitFor();
  await page.waitForTimeout(300);
  const tops = await page.evaluate(() => window.__tops);
  assert.equal(tops.length, 1, `the chart moved: ${tops}`);
  // Pinned to the bottom of the window, over nothing that matters.
  const box = await page.getByTestId("replay-banner").boundingBox();
  assert.ok(Math.abs(box.y + box.height - 800) < 1, JSON.stringify(box));
  await page.close();
});
