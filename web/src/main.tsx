import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./index.css";
import { App } from "./App";
import { preloadsSettled } from "./api/preloaded";

// A chart address has its answers on the way (src/preload): when they
// are about to arrive, one render with the chart beats a render of an
// empty page followed by another with the chart.
const FIRST_RENDER_WAIT_MS = 50;

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

void preloadsSettled(FIRST_RENDER_WAIT_MS).then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
