import { createHash } from "node:crypto";
import { build } from "rolldown";
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";
import tailwindcss from "@tailwindcss/vite";

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

/**
 * Loads the chart warm-up entry (src/chart/warmup.ts) before the
 * dashboard's bundle: a module script earlier in the page runs first.
 */
function warmupFirst(): Plugin {
  return {
    name: "llmscope-warmup-first",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find(
          (c) => c.type === "chunk" && c.isEntry && c.name === "warmup",
        );
        if (!chunk) throw new Error("the build has no entry named warmup");
        const tag = `<script type="module" crossorigin src="/${chunk.fileName}"></script>`;
        return html.replace(
          '<script type="module"',
          `${tag}\n    <script type="module"`,
        );
      },
    },
  };
}

export default defineConfig({
  base: "/",
  plugins: [react(), tailwindcss(), inlinePreload(), warmupFirst()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    rollupOptions: {
      input: { index: "index.html", warmup: "src/chart/warmup.ts" },
    },
  },
  server: {
    proxy: { "/api": devApi, "/health": devApi },
  },
});
