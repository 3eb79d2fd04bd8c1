import { useMemo, useState } from "react";
import type { SpcResponse } from "../api/types";
import { ControlChart } from "../chart/ControlChart";
import { shapeSpc } from "../chart/shape";
import { Panel } from "../ui/Panel";
import { formatMetric, formatNumber } from "./format";

interface ChartPanelProps {
  spc: SpcResponse | undefined;
  error: string | null;
  title: string;
}

/** The control chart with its flag legend, or why there is none. */
export function ChartPanel({ spc, error, title }: ChartPanelProps) {
  const shaped = useMemo(() => (spc ? shapeSpc(spc) : null), [spc]);
  const [logScale, setLogScale] = useState(false);
  const metric = spc?.metric ?? "latency_ms";

  let body;
  if (!shaped) {
    body = <p className="text-sm text-slate-400">Loading chart…</p>;
  } else if (shaped.data[0].length === 0) {
    body = (
      <p className="text-sm text-slate-400">
        No successful samples in this window. Pick a longer window.
      </p>
    );
  } else {
    body = (
      <>
        <ControlChart
          key={`${metric}-${logScale}`}
          chart={shaped}
          label={metric}
          format={formatNumber}
          logScale={logScale}
        />
        <p className="mt-2 text-xs text-slate-300" data-testid="chart-caption">
          {shaped.limits
            ? `CL ${formatMetric(shaped.limits.center, metric)} · UCL ${formatMetric(shaped.limits.ucl, metric)} · LCL ${formatMetric(shaped.limits.lcl, metric)}`
            : "Limits appear once there are at least 2 points."}{" "}
          · <span className="text-rose-300">●</span> {shaped.flaggedCount}{" "}
          flagged point{shaped.flaggedCount === 1 ? "" : "s"}
        </p>
      </>
    );
  }

  return (
    <Panel
      title={title}
      id="chart"
      actions={
        <label className="flex items-center gap-2 text-sm text-slate-200">
          <input
            type="checkbox"
            checked={logScale}
            onChange={(e) => setLogScale(e.target.checked)}
          />
          Log scale
        </label>
      }
    >
      {error && (
        <p role="alert" className="mb-2 text-sm text-rose-300">
          {error}
        </p>
      )}
      {body}
    </Panel>
  );
}
