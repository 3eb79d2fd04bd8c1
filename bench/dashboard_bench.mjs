// Time from navigation to a drawn control chart, in Debian's Chromium,
// against the real binary holding 7 days of 2-second samples (302,400
// points; its last 24 h are 43,200). The page asks the server to thin the
// chart to MAX_POINTS (extremes and flagged points kept).
//
//   LLMSCOPE_BIN=build/llmscope node bench/dashboard_bench.mjs [runs] [--intercept]
//
// Each window is opened three ways: as a first visit ("#/chart?window=7d":
// the page knows no series, so it lists them before asking for the chart);
// through a chart link naming the series ("#/chart?provider=..&model=..
// &window=7d": the chart is asked for at once); and as a reload of the
// address the page itself shows, with what the earlier visit remembered
// (index.html's inline preload script, web/src/preload, asks for the
// series list and the chart before the bundle has loaded, in all three).
// Prints one line per run and the median per case. Timings are the page's
// own user-timing mark "llmscope:drawn:individuals-chart" (ms since
// navigation start), set when the control chart first draws its points.
// --intercept routes every request through Playwright as the e2e tests
// do (it costs a round trip per request; off by default).
import { launchBrowser, startServer } from "../e2e/harness.mjs";
import { postSamples } from "./post_samples.mjs";

const RUNS = Number(process.argv[2] ?? 5);
const INTERCEPT = process.argv.includes("--intercept");
const STEP_MS = 2000;
const DAYS = 7;
const TOTAL = (DAYS * 86_400_000) / STEP_MS; // 302,400

/** Latency-like values: lognormal around 800 ms with a few stalls. */
function value(i) {
  const u = Math.sin(i * 12.9898) * 43758.5453;
  const noise = (u - Math.floor(u) - 0.5) * 0.4;
  const stall = i % 9973 === 0 ? 40 : 1;
  return 800 * Math.exp(noise) * stall;
}

const load = (server) =>
  postSamples(server, TOTAL, STEP_MS, (i) => ({
    provider: "bench",
    model: "week",
    latency_ms: value(i),
  }));

/**
 * Sets the browser's storage for the server's origin from a page of its
 * own, so that the measured page runs no script of the bench's.
 */
async function prepareStorage(browser, base, key, remember) {
  const page = await browser.newPage();
  await page.goto(`${base}/health`);
  await page.evaluate(
    ([k, keep]) => {
      localStorage.setItem("llmscope.apiKey", k);
      localStorage.setItem("llmscope.setupDone", "1");
      // Nothing remembered from earlier visits, unless a reload.
      if (!keep) localStorage.removeItem("llmscope.chartSeries");
    },
    [key, remember],
  );
  await page.close();
}

async function drawnAfterNavigation(browser, url, key, remember) {
  await prepareStorage(browser, new URL(url).origin, key, remember);
  const page = await browser.newPage();
  // Only the navigation is awaited, then the page is left alone for a
  // while: a script the bench ran in it before the chart is drawn would
  // compete with the page. The page marks the chart's first drawing
  // itself (UPlotChart's drawnMark); a slow poll then reads the mark.
  await page.goto(url, { waitUntil: "commit" });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const t = await page.waitForFunction(
    () => {
      const mark = performance.getEntriesByName(
        "llmscope:drawn:individuals-chart",
      )[0];
      const u = document.querySelector(
        '[data-testid="individuals-chart"]',
      )?.uplot;
      if (!mark || !u) return null;
      const spc = performance
        .getEntriesByType("resource")
        .find((e) => e.name.includes("/api/stats/spc"));
      return {
        ms: mark.startTime,
        hash: location.hash,
        points: u.data[0].length,
        requested: spc?.requestStart ?? NaN,
        received: spc?.responseEnd ?? NaN,
      };
    },
    undefined,
    { polling: 100, timeout: 60_000 },
  );
  const result = await t.jsonValue();
  await page.close();
  return result;
}

async function serverOnly(server, hours) {
  const started = performance.now();
  const res = await server.api(
    "GET",
    `/api/stats/spc?provider=bench&model=week&hours=${hours}&max_points=2000`,
  );
  return {
    ms: performance.now() - started,
    shown: res.body.values.length,
    from: res.body.thinned?.from ?? res.body.values.length,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await startServer(["--no-probes"]);
const browser = await launchBrowser({ intercept: INTERCEPT });
try {
  const loadMs = await load(server);
  console.log(`loaded ${TOTAL} samples in ${(loadMs / 1000).toFixed(1)} s`);
  for (const [label, window, hours] of [
    ["24 h", "24h", 24],
    ["7 d", "7d", 168],
  ]) {
    const api = await serverOnly(server, hours);
    console.log(
      `${label}: GET /api/stats/spc ${api.ms.toFixed(0)} ms, ` +
        `${api.from} points thinned to ${api.shown}`,
    );
    const link = `#/chart?provider=bench&model=week&window=${window}`;
    // The address the page shows for that chart, and its memory of it.
    const shown = (
      await drawnAfterNavigation(
        browser,
        `${server.base}/${link}`,
        server.key,
        true,
      )
    ).hash;
    for (const [how, hash, remember] of [
      ["first visit", `#/chart?window=${window}`, false],
      ["chart link", link, false],
      ["reload", shown, true],
    ]) {
      const times = [];
      for (let r = 0; r < RUNS; r++) {
        const d = await drawnAfterNavigation(
          browser,
          `${server.base}/${hash}`,
          server.key,
          remember,
        );
        times.push(d.ms);
        console.log(
          `${label}, ${how}, run ${r + 1}: drawn ${d.ms.toFixed(0)} ms ` +
            `after navigation (${d.points} points); ` +
            `chart data asked at ${d.requested.toFixed(0)} ms, ` +
            `received at ${d.received.toFixed(0)} ms`,
        );
      }
      console.log(
        `${label}, ${how}: median ${median(times).toFixed(0)} ms over ${RUNS} runs`,
      );
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
