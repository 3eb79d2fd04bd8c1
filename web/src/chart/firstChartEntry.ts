// The page's first script (vite.config.ts, bootOrder). On a chart address
// it shows the chart page's shell, draws the chart into it as soon as the
// preloaded data is here (firstChart.ts), and only then starts the
// dashboard, whose bundle the browser has been fetching and compiling
// meanwhile (a modulepreload link): run first, the bundle's evaluation
// (about 20 ms on a 2-core machine) would come before the chart's drawing.
// The shell and the chart's code wait until the chart's request is out:
// on a first visit that request waits for the series list, and laying out
// the shell (~10 ms) and loading uPlot (~25 ms, most of it ICU's locale
// data) would hold it back.
import { chartAsked } from "../api/preloaded";
import { pageFromHash } from "../dashboard/nav";
import { MAIN_LINK } from "../shell/marks";
import { showLoadFailure } from "../shell/loadFailure";
import { showChartShell } from "../shell/showShell";

/**
 * The dashboard starts by this time after navigation even if the first
 * chart is not drawn yet (its answer is slow): the shell says "Loading
 * chart…" meanwhile, and the dashboard draws the chart when it comes.
 */
const FIRST_CHART_DEADLINE_MS = 150;

async function firstChart(): Promise<void> {
  // No chart coming (no key, or no series yet): no shell either.
  if (!(await chartAsked())) return;
  const shell = showChartShell();
  if (!shell) return;
  const { drawFirstChart } = await import("./firstChart");
  await drawFirstChart(shell);
}

async function boot(): Promise<void> {
  if (pageFromHash(location.hash) === "chart") {
    const left = FIRST_CHART_DEADLINE_MS - performance.now();
    await Promise.race([
      firstChart().catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, Math.max(0, left))),
    ]);
  }
  const main = document.querySelector<HTMLLinkElement>(`link[${MAIN_LINK}]`);
  if (!main) throw new Error(`index.html has no link[${MAIN_LINK}]`);
  await import(/* @vite-ignore */ main.href);
}

// Without its code the dashboard cannot start: say so.
boot().catch((error: unknown) => showLoadFailure(String(error)));
