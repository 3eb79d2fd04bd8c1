// Browser tests of the dashboard's workflows against the real binary: the
// first-run setup wizard (with a Slack stand-in on loopback), settings,
// the violations page (filters, details, alerts, acknowledge, resolve,
// CSV downloads, the time filter), the models page (add, edit, disable,
// probe now, delete), host telemetry and its history, alert mutes, and
// keyboard focus.
// Run with: node --test --test-concurrency=1 e2e/
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { ARTIFACTS, launchBrowser, parseCsv, startServer } from "./harness.mjs";
import {
  closedPort,
  startFakeOllama,
  startWebhookSink,
  traceSamples,
} from "./fixtures.mjs";

let server;
let browser;
let page;
let slack;
let ollama;

before(async () => {
  server = await startServer();
  slack = await startWebhookSink();
  ollama = await startFakeOllama();
  browser = await launchBrowser();
  page = await browser.newPage();
  page.on("dialog", (d) => d.accept());
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  slack?.close();
  ollama?.close();
  if (server) {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(
      path.join(ARTIFACTS, "workflows-server.log"),
      server.log(),
    );
  }
});

async function shot(name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({
    path: path.join(ARTIFACTS, `${name}.png`),
    fullPage: true,
  });
}

const wizard = () => page.locator("#setup-wizard");
const next = () => wizard().getByRole("button", { name: "Next" }).click();

test("first run: the setup wizard configures and tests alerts", async () => {
  await page.goto(server.base + "/");
  await page.getByLabel("API key").fill(server.key);
  await page.getByRole("button", { name: "Sign in" }).click();
  await wizard().getByText("step 1 of 5: Welcome").waitFor();
  await next();

  // Email: a mail server that is down; the test send says it failed.
  await wizard().getByText("Email alerts").first().waitFor();
  const port = await closedPort();
  await page.getByLabel("smtp_server").fill("127.0.0.1");
  await page.getByLabel("smtp_port").fill(String(port));
  await page.getByLabel("alert_email_to").fill("ops@example.invalid");
  await page.getByRole("button", { name: "Send test email" }).click();
  await wizard()
    .getByRole("status")
    .filter({ hasText: /Test email alert failed: ./ })
    .waitFor();
  await next();

  // Slack: the stand-in webhook receives the test message.
  await page.getByLabel("slack_webhook_url").fill(slack.url);
  await page.getByLabel("enable_slack_alerts").check();
  await page.getByRole("button", { name: "Send test Slack message" }).click();
  await wizard()
    .getByRole("status")
    .filter({ hasText: "Test slack alert sent." })
    .waitFor();
  assert.equal(slack.bodies.length, 1);
  await next();

  await page.getByLabel("alert_on_rule").fill("R1,R2,R3,R5");
  await next();
  const review = wizard().getByTestId("review-list");
  await review.getByText("alert_on_rule").waitFor();
  await review.getByText("R1,R2,R3,R5").waitFor();
  await shot("wizard-review");
  await wizard().getByRole("button", { name: "Save and finish" }).click();
  await page.getByText("No data yet").waitFor();

  const { body: settings } = await server.api("GET", "/api/settings");
  assert.equal(settings.alert_on_rule.value, "R1,R2,R3,R5");
  assert.equal(settings.enable_slack_alerts.value, true);
  assert.equal(settings.smtp_server.value, "127.0.0.1");
  assert.equal(settings.slack_webhook_url.value, "********");
});

test("first run: a second browser does not open the wizard again", async () => {
  const { body: settings } = await server.api("GET", "/api/settings");
  assert.equal(settings.setup_completed.value, true);
  // A fresh profile: nothing in localStorage, only the server remembers.
  const other = await launchBrowser();
  try {
    const p = await other.newPage();
    await p.goto(server.base + "/");
    assert.equal(
      await p.evaluate(() => localStorage.getItem("llmscope.setupDone")),
      null,
    );
    await p.getByLabel("API key").fill(server.key);
    const asked = p.waitForResponse(
      (r) =>
        new URL(r.url()).pathname === "/api/settings" &&
        r.request().method() === "GET",
    );
    await p.getByRole("button", { name: "Sign in" }).click();
    await asked;
    await p.getByText("No data yet").waitFor();
    // Time for a wizard that opens late to show itself.
    await p.waitForTimeout(1000);
    assert.equal(await p.locator("#setup-wizard").count(), 0);
    await p.getByText("No data yet").waitFor();
    await p.screenshot({
      path: path.join(ARTIFACTS, "wizard-second-browser.png"),
      fullPage: true,
    });
  } finally {
    await other.close();
  }
});

test("settings: the wizard reopens from the settings page", async () => {
  await page.getByRole("link", { name: "Settings" }).click();
  await page.locator("#settings").getByLabel("alert_on_rule").waitFor();
  assert.equal(
    await page.locator("#settings").getByLabel("alert_on_rule").inputValue(),
    "R1,R2,R3,R5",
  );
  await page.getByRole("button", { name: "Open the setup wizard" }).click();
  await wizard().getByText("step 1 of 5: Welcome").waitFor();
  await wizard().getByRole("button", { name: "Skip setup" }).click();
  await page.locator("#settings").waitFor();
  await shot("settings");
});

test("violations: filter, details with alerts, acknowledge, resolve", async (t) => {
  const now = Date.now();
  const samples = traceSamples(now, [
    ["together", "13b"],
    ["anyscale", "13b"],
  ]);
  assert.equal((await server.api("POST", "/api/stats", samples)).status, 200);
  // The stalls open R1 episodes, which post to the Slack stand-in.
  const deadline = Date.now() + 15_000;
  while (slack.bodies.length < 2 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(slack.bodies.length >= 2, "an episode alert reached Slack");

  await page.getByRole("link", { name: "Violations" }).click();
  await page
    .getByLabel("Model")
    .selectOption({ label: "together / llama-2-13b" });
  await page.getByLabel("Rule").selectOption("R1");
  await page.getByLabel("Opened").selectOption({ label: "Last hour" });
  const { body: expected } = await server.api(
    "GET",
    "/api/violations?provider=together&model=llama-2-13b&rule=R1&limit=500",
  );
  assert.ok(expected.length > 0);
  const rows = page.getByTestId("violation-row");
  await page
    .getByTestId("violation-count")
    .filter({ hasText: `${expected.length} violation` })
    .waitFor();
  for (const text of await rows.allTextContents()) {
    assert.match(text, /^R1together \/ llama-2-13b/);
  }

  const first = expected.at(-1);
  await page
    .getByRole("button", { name: `Open violation ${first.id} (R1)` })
    .click();
  const details = page.getByTestId("violation-details");
  await details.getByText(`Violation #${first.id}: R1`).waitFor();
  await details.getByTestId("episode-chart").locator("canvas").waitFor();
  await details.locator("dt", { hasText: /^Host CPU$/ }).waitFor();
  await t.test("the alert delivery is listed", async () => {
    await details
      .getByTestId("alert-list")
      .filter({ hasText: /slack/ })
      .waitFor();
  });

  const ack = details.getByRole("form", { name: "Acknowledge" });
  await ack.getByLabel(/Your name/).fill("ana");
  await ack.getByLabel("Note").fill("provider stall");
  await ack.getByRole("button", { name: "Acknowledge" }).click();
  await details.getByTestId("ack-info").filter({ hasText: "ana" }).waitFor();
  const resolve = details.getByRole("form", { name: "Resolve" });
  await resolve.getByRole("button", { name: "Resolve" }).click();
  await details
    .getByTestId("resolve-info")
    .filter({ hasText: "Resolved by ana" })
    .waitFor();
  await page
    .getByTestId("violation-row")
    .filter({
      has: page.getByRole("button", {
        name: `Open violation ${first.id} (R1)`,
      }),
    })
    .getByTestId("workflow")
    .filter({ hasText: "resolved" })
    .waitFor();
  // The deliveries stay listed after the workflow changes.
  await details
    .getByTestId("alert-list")
    .filter({ hasText: /slack/ })
    .waitFor();
  const { body: stored } = await server.api(
    "GET",
    `/api/violations/${first.id}`,
  );
  assert.equal(stored.acknowledged_by, "ana");
  assert.ok(stored.resolved_at);
  await shot("violations");

  await page.getByLabel("State").selectOption({ label: "Unresolved" });
  await page
    .getByTestId("violation-count")
    .filter({ hasText: `${expected.length - 1} violation` })
    .waitFor();
  await page.getByLabel("State").selectOption({ label: "Any" });
});

test("violations: CSV downloads of violations and samples", async () => {
  const [vfile] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Export violations CSV" }).click(),
  ]);
  assert.equal(vfile.suggestedFilename(), "violations.csv");
  const vrows = parseCsv(fs.readFileSync(await vfile.path(), "utf8")).filter(
    (r) => r.length > 1,
  );
  const header = vrows[0];
  const { body: list } = await server.api(
    "GET",
    "/api/violations?provider=together&model=llama-2-13b&rule=R1&limit=1000",
  );
  assert.equal(vrows.length - 1, list.length);
  for (const r of vrows.slice(1)) assert.equal(r[header.indexOf("rule")], "R1");

  const [sfile] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Export samples CSV" }).click(),
  ]);
  assert.equal(sfile.suggestedFilename(), "samples.csv");
  const srows = parseCsv(fs.readFileSync(await sfile.path(), "utf8")).filter(
    (r) => r.length > 1,
  );
  const sh = srows[0];
  assert.deepEqual(sh.slice(0, 5), [
    "id",
    "timestamp",
    "provider",
    "model",
    "success",
  ]);
  assert.equal(srows.length - 1, 150);
  assert.ok(
    srows.slice(1).every((r) => r[sh.indexOf("model")] === "llama-2-13b"),
  );
  assert.equal(
    srows.slice(1).filter((r) => r[sh.indexOf("success")] === "false").length,
    1,
  );
});

// "2026-12-04T15:00" for a datetime-local field read as UTC.
const utcField = (ms) => new Date(ms).toISOString().slice(0, 16);

test("violations: the time filter is applied by the server", async () => {
  // An episode of three hours ago, on a series of its own.
  const old = Math.floor((Date.now() - 3 * 3_600_000) / 60_000) * 60_000;
  const batch = [];
  for (let i = 0; i < 30; i++) {
    batch.push({
      provider: "legacy",
      model: "old-model",
      latency_ms: 100 + ((i * 3) % 5),
      timestamp: new Date(old - (30 - i) * 1000).toISOString(),
    });
  }
  batch.push({
    provider: "legacy",
    model: "old-model",
    latency_ms: 5000,
    timestamp: new Date(old).toISOString(),
  });
  const posted = await server.api("POST", "/api/stats", batch);
  assert.equal(posted.body.violations_opened, 1);
  const { body: all } = await server.api("GET", "/api/violations?limit=500");
  const recent = all.filter((v) => Date.parse(v.timestamp) > old).length;
  assert.ok(recent > 0);

  await page.getByRole("link", { name: "Violations" }).click();
  await page.getByLabel("Model").selectOption({ label: "All models" });
  await page.getByLabel("Rule").selectOption({ label: "All rules" });
  const count = (n) =>
    page
      .getByTestId("violation-count")
      .filter({ hasText: new RegExp(`^${n} violations?$`) })
      .waitFor();
  const oldRow = page
    .getByTestId("violation-row")
    .filter({ hasText: "legacy / old-model" });

  await page.getByLabel("Opened").selectOption({ label: "Any time" });
  await count(all.length);
  await oldRow.waitFor();

  // The last hour: the page asks the server with since=, and the old
  // episode is gone from the list.
  const asked = page.waitForRequest((r) => {
    const u = new URL(r.url());
    return u.pathname === "/api/violations" && u.searchParams.has("since");
  });
  await page.getByLabel("Opened").selectOption({ label: "Last hour" });
  const since = new URL((await asked).url()).searchParams.get("since");
  assert.ok(Math.abs(Date.parse(since) - (Date.now() - 3_600_000)) < 60_000);
  await count(recent);
  assert.equal(await oldRow.count(), 0);

  await page.getByLabel("Opened").selectOption({ label: "Last 24 h" });
  await count(all.length);
  await oldRow.waitFor();

  // A custom range around the old episode shows it alone ...
  await page.getByLabel("Opened").selectOption({ label: "Custom range" });
  await page.getByLabel("From (UTC)").fill(utcField(old - 10 * 60_000));
  await page.getByLabel("Until (UTC)").fill(utcField(old + 10 * 60_000));
  await count(1);
  await oldRow.waitFor();
  // ... and one ending before it, nothing.
  await page.getByLabel("Until (UTC)").fill(utcField(old - 5 * 60_000));
  await count(0);
  assert.equal(await oldRow.count(), 0);
  await page.getByLabel("Until (UTC)").fill(utcField(old + 10 * 60_000));
  await oldRow.waitFor();
  await shot("violations-time");
  await page.getByLabel("Opened").selectOption({ label: "Any time" });
});

test("models: add, edit, disable, probe now, delete", async () => {
  await page.getByRole("link", { name: "Models" }).click();
  const form = page.getByRole("form", { name: "New model" });
  await form.getByLabel("Provider", { exact: true }).selectOption("ollama");
  await form.getByLabel("Base URL").fill(ollama.url);
  await form.getByLabel("Model", { exact: true }).fill("fake-1b");
  await form.getByLabel("Interval (s)").fill("3600");
  await form.getByRole("button", { name: "Add model" }).click();
  const row = page
    .getByTestId("model-row")
    .filter({ hasText: "ollama/fake-1b" });
  await row.waitFor();
  await row.filter({ hasText: "3600 s" }).waitFor();

  await page.getByRole("button", { name: "Edit ollama/fake-1b" }).click();
  const edit = page.getByRole("form", { name: "Edit ollama/fake-1b" });
  await edit.getByLabel("Interval (s)").fill("1800");
  await edit.getByRole("button", { name: "Save" }).click();
  await row.filter({ hasText: "1800 s" }).waitFor();

  await page.getByRole("button", { name: "Disable ollama/fake-1b" }).click();
  await row
    .getByTestId("model-state")
    .filter({ hasText: "disabled" })
    .waitFor();
  const { body: models } = await server.api("GET", "/api/models");
  assert.equal(models[0].enabled, false);
  assert.equal(models[0].interval_s, 1800);

  await page.getByRole("button", { name: "Probe ollama/fake-1b now" }).click();
  const result = page.getByTestId("probe-result");
  await result.getByText("succeeded").waitFor();
  const ttft = await result
    .locator("tr", { hasText: "First token (TTFT)" })
    .locator("td")
    .textContent();
  assert.match(ttft, /^\d[\d,.]* ms$/);
  assert.match(
    await result
      .locator("tr", { hasText: "Output tokens" })
      .locator("td")
      .textContent(),
    /^[1-9]/,
  );
  await shot("models-probe");

  await page.getByRole("button", { name: "Delete ollama/fake-1b" }).click();
  await row.waitFor({ state: "detached" });
  assert.deepEqual((await server.api("GET", "/api/models")).body, []);
});

test("host: a freshly opened page shows the server's history at once", async () => {
  // The server keeps a reading every 2 s from its start.
  let history = [];
  const deadline = Date.now() + 15_000;
  while (history.length < 5 && Date.now() < deadline) {
    history = (await server.api("GET", "/api/system/history")).body;
    if (history.length < 5) await new Promise((r) => setTimeout(r, 500));
  }
  assert.ok(history.length >= 5, `history of ${history.length}`);

  // In the first 3 s the stream brings at most two readings; more on the
  // chart means the page loaded the server's history.
  const fresh = await browser.newPage();
  try {
    await fresh.goto(server.base + "/#/host");
    await fresh.getByTestId("host-chart").locator("canvas").waitFor();
    await fresh.waitForFunction(
      (least) => {
        const el = document.querySelector('[data-testid="host-readings"]');
        const m = /^(\d+) readings/.exec(el?.textContent ?? "");
        return m !== null && Number(m[1]) >= least;
      },
      history.length,
      { timeout: 3000 },
    );
    await fresh
      .getByTestId("host-readings")
      .filter({ hasText: /readings over \d+ min · last .* CPU \d/ })
      .waitFor();
    await fresh.locator("#system").getByText("CPU").first().waitFor();
    await fresh.screenshot({
      path: path.join(ARTIFACTS, "host.png"),
      fullPage: true,
    });
  } finally {
    await fresh.close();
  }
});

test("mutes: add one, see it listed, delete it", async () => {
  await page.bringToFront();
  await page.getByRole("link", { name: "Settings" }).click();
  const panel = page.locator("#mutes");
  await panel.getByText("No mutes in force or planned.").waitFor();

  // The server's refusal is shown as it words it.
  await panel.getByRole("button", { name: "Add mute" }).click();
  await panel
    .getByRole("alert")
    .filter({ hasText: "model: required" })
    .waitFor();

  await panel.getByLabel("Model", { exact: true }).fill("llama-2-13b");
  await panel.getByLabel("Provider (empty: any)").fill("together");
  await panel.getByLabel("For minutes").fill("90");
  await panel.getByLabel("Reason").fill("provider maintenance");
  await panel.getByLabel("Reason").press("Enter"); // submits from the keyboard
  const row = panel
    .getByTestId("mute-row")
    .filter({ hasText: "together / llama-2-13b" });
  await row.filter({ hasText: "provider maintenance" }).waitFor();
  const { body: mutes } = await server.api("GET", "/api/mutes");
  assert.equal(mutes.length, 1);
  assert.equal(mutes[0].provider, "together");
  assert.equal(
    Date.parse(mutes[0].ends_at) - Date.parse(mutes[0].starts_at),
    90 * 60_000,
  );
  const until = mutes[0].ends_at.slice(0, 19).replace("T", " ");
  await row.getByText(`${until} UTC`).waitFor();

  // Deleted with the keyboard; the focused button shows its ring.
  const del = row.getByRole("button", {
    name: "Delete mute of together / llama-2-13b",
  });
  await del.focus();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Tab");
  const ring = await del.evaluate((el) => {
    const s = getComputedStyle(el);
    return document.activeElement === el && s.outlineStyle !== "none"
      ? parseFloat(s.outlineWidth)
      : 0;
  });
  assert.ok(ring >= 2, `focus ring ${ring}px`);
  await shot("mutes-listed");
  await page.keyboard.press("Enter");
  await panel.getByText("No mutes in force or planned.").waitFor();
  await panel
    .getByRole("status")
    .filter({ hasText: "Mute of together / llama-2-13b deleted." })
    .waitFor();
  assert.equal((await server.api("GET", "/api/mutes")).body.length, 0);
  await shot("mutes");
});

test("keyboard: every control on the chart page shows its focus", async () => {
  // A fresh tab: the confirm dialog above leaves the old one without focus.
  page = await browser.newPage();
  await page.goto(server.base + "/#/chart");
  await page.bringToFront();
  await page.getByTestId("individuals-chart").locator("canvas").waitFor();
  await page.locator("body").click({ position: { x: 1, y: 1 } });
  const seen = new Set();
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press("Tab");
    const focus = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const visible = (e) => {
        const s = getComputedStyle(e);
        return (
          (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) ||
          s.boxShadow !== "none"
        );
      };
      // Inside a date-time field Chromium highlights the focused part
      // (day, hour...) itself, whatever the outline of the field.
      const marked =
        visible(el) ||
        (el.parentElement && visible(el.parentElement)) ||
        el.type === "datetime-local";
      const name =
        el.getAttribute("aria-label") ||
        el.id ||
        el.textContent?.trim().slice(0, 30) ||
        el.tagName;
      const s = getComputedStyle(el);
      return { name, marked, how: `${s.outlineStyle} ${s.outlineWidth}` };
    });
    if (!focus) continue;
    assert.ok(focus.marked, `no visible focus on ${focus.name} (${focus.how})`);
    seen.add(focus.name);
  }
  for (const name of [
    "Overview",
    "series-select",
    "metric-select",
    "Freeze baseline",
  ]) {
    assert.ok(
      [...seen].some((s) => s.includes(name)),
      `Tab reaches ${name}`,
    );
  }
  await shot("keyboard-focus");
});
