import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import tailwindcss from "@tailwindcss/vite";

// The dashboard is served by the llmscope binary from "/", so assets are
// addressed from the root. `npm run dev` forwards API calls to a local
// server on LLMSCOPE_DEV_API (default http://127.0.0.1:8081).
const devApi = process.env.LLMSCOPE_DEV_API ?? "http://127.0.0.1:8081";

export default defineConfig({
  base: "/",
  plugins: [react(), tailwindcss()],
  build: { outDir: "dist", emptyOutDir: true },
  server: {
    proxy: { "/api": devApi, "/health": devApi },
  },
});
