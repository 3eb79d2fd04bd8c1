import { useEffect, useMemo, useState } from "react";
import type { ApiClient } from "../api/client";
import type { SystemInfo } from "../api/types";
import { linesOptions } from "../chart/options";
import { UPlotChart } from "../chart/UPlotChart";
import { formatPercent, formatTime } from "../dashboard/format";
import { SystemPanel } from "../dashboard/SystemPanel";
import { useLive } from "../live/LiveContext";
import { Panel } from "../ui/Panel";
import { historyColumns, mergeHistory } from "./history";

const SERIES = [
  { label: "CPU", stroke: "#7dd3fc" },
  { label: "Memory", stroke: "#c4b5fd" },
  { label: "GPU", stroke: "#4ade80" },
  { label: "GPU memory", stroke: "#fbbf24" },
];

/**
 * The server's history of the host (the last 30 minutes), loaded once when
 * the page opens; null while loading. A failed load leaves the streamed
 * readings alone, with the reason.
 */
function useServerHistory(client: ApiClient) {
  const [loaded, setLoaded] = useState<SystemInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    client.systemHistory().then(
      (h) => live && setLoaded(h),
      (e: unknown) => {
        if (!live) return;
        setLoaded([]);
        setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      live = false;
    };
  }, [client]);
  return { loaded, error };
}

/** Host telemetry now, and its last minutes: kept by the server, then live. */
export function HostPage({ client }: { client: ApiClient }) {
  const { systemHistory } = useLive();
  const { loaded, error } = useServerHistory(client);
  const readings = useMemo(
    () => mergeHistory(loaded ?? [], systemHistory),
    [loaded, systemHistory],
  );
  const cols = useMemo(() => historyColumns(readings), [readings]);
  const count = cols.length - 1;
  const last = readings.at(-1);
  const minutes =
    readings.length > 1
      ? Math.round(
          (Date.parse(last?.timestamp ?? "") -
            Date.parse(readings[0]!.timestamp ?? "")) /
            60_000,
        )
      : 0;
  return (
    <div className="grid gap-4 xl:grid-cols-[1fr_18rem]">
      <Panel title="Host history" id="host-history">
        <p className="mb-2 text-xs text-slate-300" data-testid="host-readings">
          {readings.length} readings over {minutes} min
          {last
            ? ` · last ${formatTime(last.timestamp)}: CPU ${formatPercent(last.cpu)}, memory ${formatPercent(last.memory)}`
            : ""}
        </p>
        {error && (
          <p role="alert" className="mb-2 text-sm text-rose-300">
            The server&apos;s history could not be loaded: {error}
          </p>
        )}
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
