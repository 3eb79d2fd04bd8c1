// Inlined into index.html by vite.config.ts and run before the bundle:
// a chart address asks for its series list and its chart at once, and
// the page takes these answers instead of asking again (api/preloaded.ts).
import { preload } from "../api/preloaded";
import type { SeriesInfo } from "../api/types";
import { planPreload } from "./plan";

try {
  const plan = planPreload(location.hash, localStorage);
  if (plan) {
    // The chart first: it is the answer the server takes longest over.
    if (plan.chart) preload(plan.chart, plan.key);
    const list = preload(plan.series, plan.key);
    if (!plan.chart)
      list
        .then((a) => {
          if (!Array.isArray(a.parsed)) return;
          const chart = plan.chartAfter(a.parsed as SeriesInfo[]);
          if (chart) preload(chart, plan.key);
        })
        .catch(() => undefined);
  }
} catch {
  // Storage unavailable or anything unexpected: the page asks by itself.
}
