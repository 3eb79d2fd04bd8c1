import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { build } from "rolldown";
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";
import tailwindcss from "@tailwindcss/vite";
import { isUplotModule, lazyIntl } from "./src/build/lazyIntl.ts";
import { MAIN_LINK, SHELL_TEMPLATE_ID } from "./src/shell/marks.ts";

// The dashboard is served by the llmscope binary from "/", so assets are
// addressed from the root. `npm run dev` forwards API calls to a local
// server on LLMSCOPE_DEV_API (default http://127.0.0.1:8081).
const devApi = process.env.LLMSCOPE_DEV_API ?? "http://127.0.0.1:8081";

const PRELOAD_MARK =
  "<!-- llmscope:preload (replaced by src/preload/preload.ts, inlined) -->";

/**
 * Inlines src/preload/preload.ts into index.html as a classic script, so
 * that a chart address sends its requests before the bundle has loaded
 * (an external script would cost a round trip first). The server's
 * Content-Security-Policy allows exactly this script: its SHA-256 goes
 * into <meta name="llmscope-script-hash">, which the server reads.
 */
function inlinePreload(): Plugin {
  return {
    name: "llmscope-inline-preload",
    async transformIndexHtml(html) {
      if (!html.includes(PRELOAD_MARK))
        throw new Error(`index.html lacks the mark ${PRELOAD_MARK}`);
      const out = await build({
        input: "src/preload/preload.ts",
        write: false,
        output: { format: "iife", minify: true },
      });
      const code = out.output[0].code.trim();
      if (code.includes("</"))
        throw new Error("the preload script cannot be inlined: it holds '</'");
      const hash = createHash("sha256").update(code).digest("base64");
      return html.replace(
        PRELOAD_MARK,
        `<meta name="llmscope-script-hash" content="sha256-${hash}" />\n` +
          `    <script>${code}</script>`,
      );
    },
  };
}

const ROOT = '<div id="root"></div>';

/**
 * Renders the chart page's shell (src/shell/ChartShell.tsx) with React in
 * Node and puts it into index.html as an inert <template>, for the chart
 * drawn before the dashboard loads (src/chart/firstChart.ts).
 */
function chartShell(): Plugin {
  return {
    name: "llmscope-chart-shell",
    apply: "build",
    async transformIndexHtml(html) {
      if (!html.includes(ROOT)) throw new Error(`index.html lacks ${ROOT}`);
      const out = await build({
        input: "src/shell/render.tsx",
        write: false,
        platform: "node",
        external: [/^react/],
        output: { format: "esm" },
      });
      // Kept with the other tools' caches under node_modules, where Node
      // finds React for it; named by its content, so a watching build
      // loads a changed shell and not the one it imported before.
      const code = out.output[0].code;
      const hash = createHash("sha256").update(code).digest("hex");
      mkdirSync("node_modules/.cache", { recursive: true });
      const file = `node_modules/.cache/llmscope-chart-shell-${hash.slice(0, 16)}.mjs`;
      writeFileSync(file, code);
      const { renderChartShell } = (await import(pathToFileURL(file).href)) as {
        renderChartShell: () => string;
      };
      return html.replace(
        ROOT,
        `<template id="${SHELL_TEMPLATE_ID}">${renderChartShell()}</template>\n` +
          `    ${ROOT}`,
      );
    },
  };
}

/**
 * The order the page's code starts in: the first-chart entry
 * (src/chart/firstChartEntry.ts) is the page's one module script; the
 * dashboard's bundle is only preloaded (fetched and compiled at once), and
 * the entry starts it once the first chart is drawn.
 */
function bootOrder(): Plugin {
  return {
    name: "llmscope-boot-order",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find(
          (c) => c.type === "chunk" && c.isEntry && c.name === "firstChart",
        );
        if (!chunk) throw new Error("the build has no entry named firstChart");
        const main =
          /<script type="module" crossorigin src="([^"]+)"><\/script>/;
        const found = main.exec(html);
        if (!found) throw new Error("index.html has no module script");
        return html.replace(
          main,
          `<script type="module" crossorigin src="/${chunk.fileName}"></script>\n` +
            `    <link rel="modulepreload" crossorigin href="${found[1]}" ${MAIN_LINK} />`,
        );
      },
    },
  };
}

/** uPlot makes its Intl objects on first use (src/build/lazyIntl.ts). */
function uplotLazyIntl(): Plugin {
  return {
    name: "llmscope-uplot-lazy-intl",
    transform(code, id) {
      return isUplotModule(id) ? { code: lazyIntl(code), map: null } : null;
    },
  };
}

export default defineConfig({
  base: "/",
  plugins: [
    react(),
    tailwindcss(),
    uplotLazyIntl(),
    inlinePreload(),
    chartShell(),
    bootOrder(),
  ],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    rollupOptions: {
      input: {
        index: "index.html",
        firstChart: "src/chart/firstChartEntry.ts",
      },
      output: {
        // The two chunks both entries share, named for what they hold
        // rather than for their first module: uPlot with the chart code,
        // and the code that starts the page.
        chunkFileNames: ({ moduleIds }) =>
          moduleIds.some((id) => id.includes("/node_modules/uplot/"))
            ? "assets/chart-[hash].js"
            : moduleIds.some((id) => id.endsWith("/src/api/preloaded.ts"))
              ? "assets/boot-[hash].js"
              : "assets/[name]-[hash].js",
      },
    },
  },
  server: {
    proxy: { "/api": devApi, "/health": devApi },
  },
});
