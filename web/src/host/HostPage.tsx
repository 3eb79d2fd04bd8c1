import { useMemo } from "react";
import type { ApiClient } from "../api/client";
import { linesOptions } from "../chart/options";
import { UPlotChart } from "../chart/UPlotChart";
import { formatPercent, formatTime } from "../dashboard/format";
import { SystemPanel } from "../dashboard/SystemPanel";
import { useLive } from "../live/LiveContext";
import { Panel } from "../ui/Panel";
import { historyColumns } from "./history";

const SERIES = [
  { label: "CPU", stroke: "#7dd3fc" },
  { label: "Memory", stroke: "#c4b5fd" },
  { label: "GPU", stroke: "#4ade80" },
  { label: "GPU memory", stroke: "#fbbf24" },
];

/** Host telemetry now, and its last minutes from the live stream. */
export function HostPage({ client }: { client: ApiClient }) {
  const { systemHistory } = useLive();
  const cols = useMemo(() => historyColumns(systemHistory), [systemHistory]);
  const count = cols.length - 1;
  const last = systemHistory.at(-1);
  return (
    <div className="grid gap-4 xl:grid-cols-[1fr_18rem]">
      <Panel title="Host history" id="host-history">
        <p className="mb-2 text-xs text-slate-300" data-testid="host-readings">
          {systemHistory.length} readings since this page opened
          {last
            ? ` · last ${formatTime(last.timestamp)}: CPU ${formatPercent(last.cpu)}, memory ${formatPercent(last.memory)}`
            : ""}
        </p>
        {cols[0].length > 0 ? (
          <UPlotChart
            key={count}
            testId="host-chart"
            label="Host CPU and memory history"
            data={cols}
            makeOptions={(width) => ({
              ...linesOptions({
                width,
                height: 260,
                format: (v) => `${Math.round(v)} %`,
                floor: 0,
                getLines: () => [],
                series: SERIES.slice(0, count),
              }),
              scales: { x: { time: true }, y: { range: [0, 100] } },
            })}
          />
        ) : (
          <p className="text-sm text-slate-300">
            Waiting for the first reading…
          </p>
        )}
      </Panel>
      <SystemPanel client={client} />
    </div>
  );
}
