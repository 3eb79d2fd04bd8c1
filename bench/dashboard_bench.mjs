// Time from navigation to a drawn control chart, in Debian's Chromium,
// against the real binary holding 7 days of 2-second samples (302,400
// points; its last 24 h are 43,200). The page asks the server to thin the
// chart to MAX_POINTS (extremes and flagged points kept).
//
//   LLMSCOPE_BIN=build/llmscope node bench/dashboard_bench.mjs [runs]
//
// Prints one line per run and the median per window. Timings are the
// page's performance.now() (ms since navigation start) when the uPlot
// instance first holds data, polled every animation frame.
import { launchBrowser, startServer } from "../e2e/harness.mjs";

const RUNS = Number(process.argv[2] ?? 5);
const STEP_MS = 2000;
const DAYS = 7;
const TOTAL = (DAYS * 86_400_000) / STEP_MS; // 302,400
const BATCH = 20_000;

/** Latency-like values: lognormal around 800 ms with a few stalls. */
function value(i) {
  const u = Math.sin(i * 12.9898) * 43758.5453;
  const noise = (u - Math.floor(u) - 0.5) * 0.4;
  const stall = i % 9973 === 0 ? 40 : 1;
  return 800 * Math.exp(noise) * stall;
}

async function load(server) {
  const end = Date.now();
  const started = performance.now();
  for (let first = 0; first < TOTAL; first += BATCH) {
    const batch = [];
    for (let i = first; i < Math.min(first + BATCH, TOTAL); i++) {
      batch.push({
        provider: "bench",
        model: "week",
        timestamp: new Date(end - (TOTAL - 1 - i) * STEP_MS).toISOString(),
        latency_ms: value(i),
      });
    }
    const res = await server.api("POST", "/api/stats", batch);
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  }
  return performance.now() - started;
}

async function drawnAfterNavigation(browser, url, key) {
  const page = await browser.newPage();
  await page.addInitScript((k) => {
    localStorage.setItem("llmscope.apiKey", k);
    localStorage.setItem("llmscope.setupDone", "1");
  }, key);
  await page.goto(url);
  const t = await page.waitForFunction(
    () => {
      const u = document.querySelector(
        '[data-testid="individuals-chart"]',
      )?.uplot;
      if (!u || u.data[0].length === 0) return null;
      const spc = performance
        .getEntriesByType("resource")
        .find((e) => e.name.includes("/api/stats/spc"));
      return {
        ms: performance.now(),
        points: u.data[0].length,
        requested: spc?.requestStart ?? NaN,
        received: spc?.responseEnd ?? NaN,
      };
    },
    undefined,
    { polling: "raf", timeout: 60_000 },
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
const browser = await launchBrowser();
try {
  const loadMs = await load(server);
  console.log(`loaded ${TOTAL} samples in ${(loadMs / 1000).toFixed(1)} s`);
  for (const [label, window, hours] of [
    ["24 h", "24h", 24],
    ["7 d", "7d", 168],
  ]) {
    const api = await serverOnly(server, hours);
    console.log(
      `${label}: GET /api/stats/spc ${api.ms.toFixed(0)} ms, ${api.from} points thinned to ${api.shown}`,
    );
    const times = [];
    for (let r = 0; r < RUNS; r++) {
      const d = await drawnAfterNavigation(
        browser,
        `${server.base}/#/chart?window=${window}`,
        server.key,
      );
      times.push(d.ms);
      console.log(
        `${label} run ${r + 1}: drawn ${d.ms.toFixed(0)} ms after navigation (${d.points} points); chart data asked at ${d.requested.toFixed(0)} ms, received at ${d.received.toFixed(0)} ms`,
      );
    }
    console.log(
      `${label}: median ${median(times).toFixed(0)} ms over ${RUNS} runs`,
    );
  }
} finally {
  await browser.close();
  await server.stop();
}
