// Browser tests of the live dashboard on real data: the overview, the
// control chart page (metrics, windows, views, log scale, rule tooltips,
// baseline freeze and release), live updates and reconnecting.
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
} from "./harness.mjs";
import { traceSamples } from "./fixtures.mjs";

const GROUPS = [
  ["together", "13b"],
  ["together", "70b"],
  ["anyscale", "13b"],
  ["fireworks", "70b"],
  ["lepton", "7b"],
  ["groq", "70b"],
];
const TOGETHER = "together\u001fllama-2-13b";

let server;
let browser;
let page;

before(async () => {
  server = await startServer();
  const samples = traceSamples(Date.now(), GROUPS);
  const res = await server.api("POST", "/api/stats", samples);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(server.base + "/");
  await page.evaluate((key) => {
    localStorage.setItem("llmscope.apiKey", key);
    localStorage.setItem("llmscope.setupDone", "1");
  }, server.key);
  await page.reload();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  if (server) {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, "chart-server.log"), server.log());
  }
});

async function shot(name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({
    path: path.join(ARTIFACTS, `${name}.png`),
    fullPage: true,
  });
}

const figure = async (id) =>
  (await page.getByTestId(`figure-${id}`).locator("dd").textContent()).trim();

/** Where uPlot drew point `pick(u)` of a chart, in page pixels. */
async function pointOnChart(testId, pickSeries) {
  return page.getByTestId(testId).evaluate((el, seriesIdx) => {
    const u = el.uplot;
    const i = u.data[seriesIdx].findIndex((v) => v !== null);
    const box = u.over.getBoundingClientRect();
    return {
      x: box.x + u.valToPos(u.data[0][i], "x"),
      y: box.y + u.valToPos(u.data[seriesIdx][i], "y"),
      box: { x: box.x, y: box.y, width: box.width, height: box.height },
    };
  }, pickSeries);
}

test("overview: one live card per series with its state", async () => {
  const cards = page.getByTestId("series-card");
  await cards.nth(GROUPS.length - 1).waitFor();
  assert.equal(await cards.count(), GROUPS.length);
  await page.getByTestId("connection").filter({ hasText: "Live" }).waitFor();

  // Each card's state agrees with the server: failing when most probes of
  // the hour failed, else its open episodes, else in control.
  const { body: open } = await server.api(
    "GET",
    "/api/violations?state=open&limit=1000",
  );
  for (const [provider, size] of GROUPS) {
    const model = `llama-2-${size}`;
    const n = open.filter(
      (v) => v.provider === provider && v.model === model,
    ).length;
    const { body: spc } = await server.api(
      "GET",
      `/api/stats/spc?provider=${provider}&model=${model}&hours=1`,
    );
    const expected =
      spc.summary.error_rate > 0.5
        ? "Failing"
        : n > 0
          ? `${n} open violation`
          : "In control";
    const card = cards.filter({ hasText: `${provider} / ${model}` });
    await card
      .getByTestId("series-state")
      .filter({ hasText: expected })
      .waitFor();
    await card.locator("canvas").first().waitFor();
  }

  // A failed probe arriving on the stream turns its card to Failing.
  const groq = cards.filter({ hasText: "groq / llama-2-70b" });
  await server.api("POST", "/api/stats", {
    provider: "groq",
    model: "llama-2-70b",
    success: false,
    error: "HTTP 503",
    http_status: 503,
  });
  await groq
    .getByTestId("series-state")
    .filter({ hasText: "Failing" })
    .waitFor();
  assert.equal(await groq.getAttribute("data-state"), "failing");
  await shot("overview");
});

test("chart page: metric selector, summary and the MR chart", async () => {
  await page.getByRole("link", { name: "Control chart" }).click();
  await page.getByLabel("Series").selectOption({ value: TOGETHER });
  await page.locator("label").filter({ hasText: /^1 h$/ }).click();
  await page.getByTestId("individuals-chart").locator("canvas").waitFor();
  await page.getByTestId("mr-chart").locator("canvas").waitFor();

  for (const [metric, label] of [
    ["ttft_ms", "Time to first token"],
    ["itl_ms", "Time per output token"],
    ["tokens_per_s", "Tokens per second"],
    ["latency_ms", "Latency"],
  ]) {
    await page.getByLabel("Metric").selectOption(metric);
    await page
      .locator("#chart-title")
      .filter({ hasText: `${label} · together / llama-2-13b` })
      .waitFor();
    const { body } = await server.api(
      "GET",
      `/api/stats/spc?provider=together&model=llama-2-13b&metric=${metric}&hours=1`,
    );
    await page
      .getByTestId("figure-count")
      .filter({ hasText: String(body.summary.count) })
      .waitFor();
    const ucl = figureNumber(await figure("ucl"));
    assert.ok(
      Math.abs(ucl - body.spc.ucl) <= Math.max(0.01, body.spc.ucl * 0.001),
      `${metric}: UCL ${ucl} vs ${body.spc.ucl}`,
    );
  }

  // The MR chart draws one moving range per point after the first, and
  // its cursor follows the individuals chart.
  const mr = await page.getByTestId("mr-chart").evaluate((el) => ({
    n: el.uplot.data[1].filter((v) => v !== null).length,
    points: el.uplot.data[0].length,
  }));
  assert.equal(mr.n, mr.points - 1);
  const p = await pointOnChart("individuals-chart", 1);
  await page.mouse.move(p.x, p.y);
  const idx = await page
    .getByTestId("mr-chart")
    .evaluate((el) => el.uplot.cursor.idx);
  assert.equal(idx, 0, "the MR chart's cursor moved with the pointer");

  await page.getByLabel("Metric").selectOption("error_rate");
  await page
    .locator("#chart-title")
    .filter({ hasText: "Error rate" })
    .waitFor();
  await page.getByTestId("figure-cl").filter({ hasText: "%" }).waitFor();
  await page.getByLabel("Metric").selectOption("latency_ms");
  await shot("chart-metrics");
});

test("chart page: a flagged point names its rules on hover", async () => {
  await page.getByTestId("individuals-chart").locator("canvas").waitFor();
  const flagged = Number(await figure("flagged"));
  assert.ok(flagged > 0, "the stalls are flagged");
  const caption = await page.getByTestId("chart-caption").textContent();
  assert.match(caption, new RegExp(`${flagged} flagged point`));

  const p = await pointOnChart("individuals-chart", 2);
  await page.mouse.move(p.x, p.y);
  const tip = page.getByTestId("flag-tooltip");
  await tip.waitFor({ state: "visible" });
  assert.match(
    await tip.textContent(),
    /^(R[1-8]|MR1|EWMA|CUSUM)(, [A-Z0-9]+)* at \d{4}-\d\d-\d\d /,
  );
  await shot("chart-tooltip");
  await page.mouse.move(p.box.x + 2, p.box.y + p.box.height - 2);
});

test("chart page: time windows, custom range and log scale", async () => {
  for (const w of ["6 h", "24 h", "7 d", "1 h"]) {
    await page
      .locator("label")
      .filter({ hasText: new RegExp(`^${w}$`) })
      .click();
    await page
      .locator("#chart-title")
      .filter({ hasText: `last ${w}` })
      .waitFor();
  }

  await page
    .locator("label")
    .filter({ hasText: /^Custom$/ })
    .click();
  const from = new Date(Date.now() - 4 * 60_000).toISOString().slice(0, 16);
  const to = new Date(Date.now() + 60_000).toISOString().slice(0, 16);
  await page.getByLabel("Range from (UTC)").fill(from);
  await page.getByLabel("Range to (UTC)").fill(to);
  await page
    .locator("#chart-title")
    .filter({ hasText: "custom range" })
    .waitFor();
  await page.waitForFunction(
    (fromS) => {
      const u = document.querySelector(
        '[data-testid="individuals-chart"]',
      )?.uplot;
      return u && Math.abs(u.scales.x.min - fromS) < 1;
    },
    Date.parse(`${from}Z`) / 1000,
  );
  await shot("chart-custom-range");
  await page.locator("label").filter({ hasText: /^1 h$/ }).click();

  await page.getByLabel("Log scale").check();
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="individuals-chart"]')?.uplot?.scales
        .y.distr === 3,
  );
  await shot("chart-log-scale");
  await page.getByLabel("Log scale").uncheck();
});

test("chart page: EWMA and CUSUM views", async () => {
  await page
    .locator("label")
    .filter({ hasText: /^EWMA$/ })
    .click();
  const ewma = page.getByTestId("ewma-chart");
  await ewma.locator("canvas").waitFor();
  await ewma.getByText(/^EWMA/).first().waitFor();
  const ewmaPoints = await ewma.evaluate(
    (el) => el.uplot.data[1].filter((v) => v !== null).length,
  );
  assert.ok(ewmaPoints > 100, `EWMA has ${ewmaPoints} points`);
  await shot("chart-ewma");

  await page
    .locator("label")
    .filter({ hasText: /^CUSUM$/ })
    .click();
  const cusum = page.getByTestId("cusum-chart");
  await cusum.locator("canvas").waitFor();
  await cusum.getByText(/^C\+ \(upper\)/).waitFor();
  // The stalls push the upper sum past h.
  const { body } = await server.api(
    "GET",
    "/api/stats/spc?provider=together&model=llama-2-13b&hours=1",
  );
  const maxUpper = await cusum.evaluate((el) =>
    Math.max(...el.uplot.data[1].filter((v) => v !== null)),
  );
  assert.ok(maxUpper > body.cusum.h_sigma, "C+ crosses h on the chart");
  await shot("chart-cusum");
  await page
    .locator("label")
    .filter({ hasText: /^Individuals \+ MR$/ })
    .click();
});

test("chart page: freeze a baseline by dragging, then release it", async () => {
  const chart = page.getByTestId("individuals-chart");
  await chart.locator("canvas").waitFor();
  const { box } = await pointOnChart("individuals-chart", 1);
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + 5, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, y, { steps: 8 });
  await page.mouse.up();
  assert.notEqual(
    await page.getByLabel("From (UTC)", { exact: true }).inputValue(),
    "",
  );

  await page.getByRole("button", { name: "Freeze baseline" }).click();
  await page
    .getByText("Baseline frozen")
    .waitFor()
    .catch(async (e) => {
      const why = await page
        .locator("#baseline [role=alert]")
        .allTextContents();
      throw new Error(`not frozen: ${why.join(" ")}`, { cause: e });
    });
  await page
    .getByTestId("baseline-kind")
    .filter({ hasText: /frozen/ })
    .waitFor();
  const { body: list } = await server.api("GET", "/api/baselines");
  const mine = list.filter(
    (b) => b.provider === "together" && b.model === "llama-2-13b",
  );
  assert.equal(mine.length, 1);
  await page.getByTestId("baseline-item").first().waitFor();
  await shot("chart-baseline-frozen");

  await page.getByRole("button", { name: "Release" }).click();
  await page.getByText("Baseline released").waitFor();
  await page
    .getByTestId("baseline-kind")
    .filter({ hasText: "rolling" })
    .waitFor();
});

test("chart page: its address reopens it; a link to a missing series says so", async () => {
  await page.getByRole("link", { name: "Control chart" }).click();
  await page.getByLabel("Series").selectOption({ value: TOGETHER });
  await page.getByLabel("Metric").selectOption("ttft_ms");
  await page.locator("label").filter({ hasText: /^6 h$/ }).click();
  await page
    .locator("#chart-title")
    .filter({
      hasText: "Time to first token · together / llama-2-13b · last 6 h",
    })
    .waitFor();
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /provider=together/);
  assert.match(hash, /metric=ttft_ms/);
  assert.match(hash, /window=6h/);

  // A second tab opened on that address shows that chart.
  const other = await browser.newPage();
  const link = await browser.newPage();
  try {
    await other.goto(`${server.base}/${hash}`);
    await other
      .locator("#chart-title")
      .filter({
        hasText: "Time to first token · together / llama-2-13b · last 6 h",
      })
      .waitFor();
    await other.getByTestId("individuals-chart").locator("canvas").waitFor();

    // A link to a series with no samples: told, and shown what there is.
    await link.goto(`${server.base}/#/chart?provider=nope&model=ghost`);
    await link
      .getByRole("status")
      .filter({ hasText: /No samples of nope \/ ghost; showing .* instead\./ })
      .waitFor();
    const title = await link.locator("#chart-title").textContent();
    assert.doesNotMatch(title, /ghost/);
    await link.getByTestId("individuals-chart").locator("canvas").waitFor();
    await link.screenshot({
      path: path.join(ARTIFACTS, "chart-missing-series.png"),
      fullPage: true,
    });
  } finally {
    await other.close();
    await link.close();
    // The tests after this one expect latency.
    await page.getByLabel("Metric").selectOption("latency_ms");
  }
});

/**
 * Watches a page from its first script on, every frame: each place the
 * control chart was at from its first drawing on, and every text the
 * chart panel showed.
 */
function watchChart() {
  window.__chartWatch = { tops: [], texts: new Set() };
  const look = () => {
    const w = window.__chartWatch;
    const panel = document.querySelector("#chart");
    if (panel) w.texts.add(panel.textContent);
    // The chart's own box: drawn into the page's shell first, then taken
    // over by the dashboard.
    const chart = document.querySelector("#chart .uplot");
    const drawn = performance.getEntriesByName(
      "llmscope:drawn:individuals-chart",
    ).length;
    if (chart && drawn) {
      const top = Math.round(chart.getBoundingClientRect().top + scrollY);
      if (!w.tops.includes(top)) w.tops.push(top);
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}

/** Opens `hash` in a new tab; its API requests, CSP complaints and chart. */
async function openChartTab(hash, { beforeBundle, width } = {}) {
  const tab = await browser.newPage();
  if (width) await tab.setViewportSize({ width, height: 900 });
  const api = [];
  const csp = [];
  tab.on("request", (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith("/api/") && url.pathname !== "/api/stream")
      api.push(url.pathname + url.search);
  });
  tab.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) csp.push(m.text());
  });
  await tab.addInitScript(watchChart);
  if (beforeBundle) {
    // Holds the dashboard's code back and runs `beforeBundle(tab)` meanwhile.
    await tab.route("**/assets/index-*.js", async (route) => {
      await beforeBundle(tab);
      await route.continue();
    });
  }
  await tab.goto(`${server.base}/${hash}`);
  await tab.getByTestId("individuals-chart").locator("canvas").waitFor();
  await tab.getByTestId("mr-chart").locator("canvas").waitFor();
  // Time for a second request or a late shift, were one coming.
  await tab.waitForTimeout(500);
  const state = await tab.evaluate(() => ({
    // The inline script's answers, all taken by the page.
    preloaded: window.llmscopePreload && Object.keys(window.llmscopePreload),
    drawn: performance.getEntriesByName("llmscope:drawn:individuals-chart")
      .length,
    title: document.querySelector("#chart-title")?.textContent ?? "",
    // Every place the chart was at; one, if it never moved.
    tops: window.__chartWatch.tops,
    texts: [...window.__chartWatch.texts],
  }));
  return { tab, api, csp, ...state };
}

const chartRequests = (api) =>
  api.filter((p) => p.startsWith("/api/stats/spc?"));
const listRequests = (api) => api.filter((p) => p === "/api/series");

test("chart page: a chart address sends its requests once, before the bundle runs", async () => {
  // A link naming series, metric and window, on a screen narrow enough for
  // the controls above the chart to wrap.
  const linked = await openChartTab(
    "#/chart?provider=together&model=llama-2-13b&metric=ttft_ms&window=6h",
    { width: 1100 },
  );
  await linked.tab.close();
  assert.deepEqual(linked.csp, []);
  assert.deepEqual(linked.preloaded, []);
  assert.equal(linked.drawn, 1);
  assert.match(linked.title, /Time to first token · together \/ llama-2-13b/);
  assert.deepEqual(chartRequests(linked.api), [
    "/api/stats/spc?provider=together&model=llama-2-13b&metric=ttft_ms" +
      "&hours=6&max_points=2000",
  ]);
  assert.equal(listRequests(linked.api).length, 1);
  // Drawn where it stays: nothing rendered later pushes it down.
  assert.equal(linked.tops.length, 1, `the chart moved: ${linked.tops}`);

  // Nothing named and nothing remembered: the series list first, then the
  // chart of the series the page picks, each asked for once.
  const remembered = await page.evaluate(() =>
    localStorage.getItem("llmscope.chartSeries"),
  );
  await page.evaluate(() => localStorage.removeItem("llmscope.chartSeries"));
  try {
    const bare = await openChartTab("#/chart");
    await bare.tab.close();
    assert.deepEqual(bare.csp, []);
    assert.deepEqual(bare.preloaded, []);
    assert.equal(chartRequests(bare.api).length, 1, bare.api.join("\n"));
    assert.equal(listRequests(bare.api).length, 1, bare.api.join("\n"));
    assert.match(chartRequests(bare.api)[0], /metric=latency_ms&hours=24&/);
  } finally {
    if (remembered)
      await page.evaluate(
        (v) => localStorage.setItem("llmscope.chartSeries", v),
        remembered,
      );
  }
});

test("chart page: drawn before the dashboard's code runs, then taken over", async () => {
  let early;
  const held = await openChartTab(
    "#/chart?provider=together&model=llama-2-13b&window=24h",
    {
      width: 1100,
      // While the dashboard's bundle is held back: the chart is there, in
      // the page's shell, and its canvas is marked to be found again.
      beforeBundle: async (tab) => {
        await tab.locator("#chart .uplot canvas").waitFor();
        early = await tab.evaluate(() => {
          const canvas = document.querySelector("#chart .uplot canvas");
          canvas.dataset.first = "yes";
          return {
            title: document.querySelector("#chart-title").textContent,
            dashboard: document.querySelectorAll(
              "[data-testid='individuals-chart']",
            ).length,
            inert: document.querySelector("#root > div").inert,
            drawn: performance.getEntriesByName(
              "llmscope:drawn:individuals-chart",
            ).length,
          };
        });
        await tab.screenshot({
          path: path.join(ARTIFACTS, "chart-before-dashboard.png"),
        });
      },
    },
  );
  try {
    assert.ok(early, "the dashboard's bundle was never asked for");
    assert.equal(early.drawn, 1);
    assert.equal(early.dashboard, 0, "the dashboard had rendered already");
    assert.equal(early.inert, true);
    assert.match(early.title, /Latency · together \/ llama-2-13b · last 24 h/);
    // The dashboard took that very chart over instead of drawing another.
    const chart = held.tab.getByTestId("individuals-chart");
    assert.equal(await chart.locator("canvas").count(), 1);
    assert.equal(
      await chart.locator("canvas").getAttribute("data-first"),
      "yes",
    );
    assert.equal(held.drawn, 1);
    assert.equal(held.tops.length, 1, `the chart moved: ${held.tops}`);
    // It answers to the page now: a flagged point's rules on hover.
    const { x, y } = await held.tab
      .getByTestId("individuals-chart")
      .evaluate((el) => {
        const u = el.uplot;
        const i = u.data[2].findIndex((v) => v !== null);
        const box = u.over.getBoundingClientRect();
        return {
          x: box.x + u.valToPos(u.data[0][i], "x"),
          y: box.y + u.valToPos(u.data[2][i], "y"),
        };
      });
    await held.tab.mouse.move(x, y);
    await held.tab
      .getByTestId("flag-tooltip")
      .filter({ hasText: /R\d/ })
      .waitFor();
    assert.deepEqual(held.csp, []);
  } finally {
    await held.tab.close();
  }
});

test("chart page: the chart stays where it is first drawn, at any width", async () => {
  // The header's texts change after the page shows ("Connecting…", then
  // "Live" and the server's version); the chart under it must not move.
  for (const width of [400, 1024, 1600]) {
    const opened = await openChartTab(
      "#/chart?provider=together&model=llama-2-13b&window=24h",
      { width },
    );
    try {
      await opened.tab
        .locator('[data-testid="connection"][data-state="live"]')
        .waitFor();
      await opened.tab.getByText(/^server /).waitFor();
      await opened.tab.waitForTimeout(200);
      const tops = await opened.tab.evaluate(() => window.__chartWatch.tops);
      assert.equal(tops.length, 1, `at ${width} px the chart moved: ${tops}`);
      // The chart follows a narrower window too.
      if (width < 1000) continue;
      await opened.tab.setViewportSize({ width: width - 200, height: 900 });
      await opened.tab.waitForFunction((w) => {
        const u = document.querySelector(
          '[data-testid="individuals-chart"]',
        ).uplot;
        return u.width <= w && document.body.scrollWidth <= w;
      }, width - 200);
    } finally {
      await opened.tab.close();
    }
  }
});

test("chart page: if the dashboard's code cannot load, the page says so", async () => {
  // The bundle, the first script, and a chunk the first script needs.
  for (const lost of ["index", "firstChart", "boot"]) {
    const tab = await browser.newPage();
    try {
      await tab.route(`**/assets/${lost}-*.js`, (route) => route.abort());
      await tab.goto(
        `${server.base}/#/chart?provider=together&model=llama-2-13b&window=24h`,
      );
      await tab
        .getByRole("alert")
        .filter({ hasText: /dashboard's code could not be loaded/ })
        .waitFor();
      // Not the inert shell, which would look like a page ignoring clicks.
      assert.equal(await tab.locator("#root [inert]").count(), 0, lost);
    } finally {
      await tab.close();
    }
  }
});

test("chart page: a link to a series without samples never draws it", async () => {
  const ghost = await openChartTab("#/chart?provider=nope&model=ghost");
  await ghost.tab
    .getByRole("status")
    .filter({ hasText: /No samples of nope \/ ghost; showing .* instead\./ })
    .waitFor();
  await ghost.tab.close();
  // The chart panel never offered the missing series' empty chart.
  for (const text of ghost.texts) {
    assert.doesNotMatch(text, /nope \/ ghost/);
    assert.doesNotMatch(text, /No points in this window/);
  }
  assert.doesNotMatch(ghost.title, /ghost/);
});

test("chart page: a sample stored while the page loads is not missed", async () => {
  const series = { provider: "together", model: "llama-2-13b" };
  const count = async () =>
    (
      await server.api(
        "GET",
        "/api/stats/spc?provider=together&model=llama-2-13b&hours=24",
      )
    ).body.summary.count;
  const late = await openChartTab(
    "#/chart?provider=together&model=llama-2-13b&window=24h",
    {
      // The chart's answer is on its way before this sample is stored, and
      // the live stream opens only after it.
      beforeBundle: async () => {
        await new Promise((r) => setTimeout(r, 300));
        const res = await server.api("POST", "/api/stats", {
          ...series,
          latency_ms: 1000,
        });
        assert.equal(res.status, 200);
      },
    },
  );
  try {
    const stored = await count();
    // Shown without another sample: the page catches up once its live
    // stream connects.
    await late.tab
      .getByTestId("figure-count")
      .filter({ hasText: stored.toLocaleString("en-US") })
      .waitFor();
  } finally {
    await late.tab.close();
  }
});

test("live: a new sample shows up without a reload", async () => {
  await page.getByTestId("individuals-chart").locator("canvas").waitFor();
  const before = Number((await figure("count")).replace(/,/g, ""));
  const flaggedBefore = Number(await figure("flagged"));
  await server.api("POST", "/api/stats", {
    provider: "together",
    model: "llama-2-13b",
    latency_ms: 900_000,
  });
  await page
    .getByTestId("figure-count")
    .filter({ hasText: String(before + 1) })
    .waitFor();
  await page.waitForFunction(
    (n) =>
      Number(
        document.querySelector('[data-testid="figure-flagged"] dd')
          ?.textContent,
      ) > n,
    flaggedBefore,
  );
});

test("live: the page says when the stream is down and reconnects", async () => {
  await server.stop();
  await page
    .getByTestId("connection")
    .filter({ hasText: "Disconnected, reconnecting" })
    .waitFor();
  await shot("reconnecting");
  server = await startServer([], server);
  await page.getByTestId("connection").filter({ hasText: "Live" }).waitFor({
    timeout: 20_000,
  });
});
