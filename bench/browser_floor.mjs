// What a drawn chart costs on this machine before any of the dashboard's
// own work: navigation to a page whose chart data is already in its code,
// drawn by uPlot alone ("plain") and by uPlot inside a React 19 component
// ("react"). The pages (bench/floor/) are bundled here with rolldown from
// web/node_modules and served by a small static server on loopback with
// the dashboard's cache headers; the browser is the benchmark's (see
// dashboard_bench.mjs), a fresh tab per run, timed by the page's own
// user-timing mark at the chart's first drawing.
//
//   make web && node bench/browser_floor.mjs [runs]
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchBrowser, ROOT } from "../e2e/harness.mjs";

const RUNS = Number(process.argv[2] ?? 9);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const { build } = await import(
  path.join(ROOT, "web/node_modules/rolldown/dist/index.mjs")
);

const out = fs.mkdtempSync(path.join(os.tmpdir(), "llmscope-floor-"));
// Bare imports ("react", "uplot") resolve from the dashboard's packages.
fs.symlinkSync(path.join(ROOT, "web/node_modules"), path.join(out, "node_modules"));
for (const name of ["plain.js", "react.jsx", "points.js"])
  fs.copyFileSync(path.join(HERE, "floor", name), path.join(out, name));
for (const page of ["plain", "react"]) {
  const entry = page === "plain" ? "plain.js" : "react.jsx";
  await build({
    input: path.join(out, entry),
    cwd: out,
    transform: { define: { "process.env.NODE_ENV": '"production"' } },
    output: { file: path.join(out, `${page}.bundle.js`), format: "esm", minify: true },
  });
  fs.writeFileSync(
    path.join(out, `${page}.html`),
    `<!doctype html><html><head><meta charset="utf-8">` +
      `<script type="module" src="/${page}.bundle.js"></script></head>` +
      `<body><div id="root"></div></body></html>`,
  );
}

const server = http.createServer((req, res) => {
  const file = path.join(out, path.basename(new URL(req.url, "http://x").pathname));
  if (!fs.existsSync(file)) return res.writeHead(404).end();
  const html = file.endsWith(".html");
  res.writeHead(200, {
    "Content-Type": html ? "text/html" : "text/javascript",
    "Cache-Control": html ? "no-cache" : "public, max-age=31536000, immutable",
  });
  res.end(fs.readFileSync(file));
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await launchBrowser({ intercept: false });
try {
  for (const page of ["plain", "react"]) {
    const times = [];
    for (let r = 0; r < RUNS; r++) {
      const tab = await browser.newPage();
      await tab.goto(`${base}/${page}.html`, { waitUntil: "commit" });
      // Leave the page alone until it has surely drawn; then read the mark.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const ms = await tab.evaluate(
        () => performance.getEntriesByName("llmscope:drawn:floor")[0]?.startTime,
      );
      if (ms === undefined) throw new Error(`${page}: the chart was not drawn`);
      times.push(ms);
      await tab.close();
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(
      `${page}: median ${sorted[Math.floor(RUNS / 2)].toFixed(0)} ms over ${RUNS} runs ` +
        `(${sorted[0].toFixed(0)}-${sorted[RUNS - 1].toFixed(0)})`,
    );
  }
} finally {
  await browser.close();
  server.close();
  fs.rmSync(out, { recursive: true, force: true });
}
