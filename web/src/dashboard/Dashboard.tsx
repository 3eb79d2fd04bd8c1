import { useEffect, useState } from "react";
import type { ApiClient } from "../api/client";
import type { Metric } from "../api/types";
import { GettingStarted } from "../setup/GettingStarted";
import { BUTTON_QUIET } from "../ui/styles";
import { ViolationsPanel } from "../violations/ViolationsPanel";
import { ChartPanel } from "./ChartPanel";
import { Controls } from "./Controls";
import { METRICS } from "./format";
import { replayBannerText } from "./replay";
import { pickSeries, seriesId, seriesLabel } from "./series";
import { SummaryPanel } from "./SummaryPanel";
import { SystemPanel } from "./SystemPanel";
import {
  DEFAULT_WINDOW,
  TIME_WINDOWS,
  windowHours,
  type WindowId,
} from "./timeWindow";
import { POLL_INTERVAL_MS, chartPollInterval, usePolling } from "./usePolling";

interface DashboardProps {
  client: ApiClient;
  onSignOut: () => void;
}

/** The signed-in page: header, chart, summary, host and violations. */
export function Dashboard({ client, onSignOut }: DashboardProps) {
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [metric, setMetric] = useState<Metric>("latency_ms");
  const [windowId, setWindowId] = useState<WindowId>(DEFAULT_WINDOW);
  const [showSetup, setShowSetup] = useState(false);

  const health = usePolling(() => client.health(), "health");
  const seriesList = usePolling(() => client.series(), "series");
  const all = seriesList.data ?? [];
  const selected = pickSeries(all, chosenId);
  const selectedId = selected ? seriesId(selected) : null;

  // Keep the series picked at first, rather than following whichever one
  // has the newest sample at each poll.
  useEffect(() => {
    if (chosenId === null && selectedId !== null) setChosenId(selectedId);
  }, [chosenId, selectedId]);

  const hours = windowHours(windowId);
  const spcKey = selected ? `${seriesId(selected)}|${metric}|${hours}` : "none";
  const [spcInterval, setSpcInterval] = useState(POLL_INTERVAL_MS);
  const spc = usePolling(
    () =>
      selected
        ? client.spc({
            provider: selected.provider,
            model: selected.model,
            metric,
            hours,
          })
        : Promise.resolve(undefined),
    spcKey,
    spcInterval,
  );
  const spcPoints = spc.data?.values.length;
  useEffect(() => {
    if (spcPoints !== undefined) setSpcInterval(chartPollInterval(spcPoints));
  }, [spcPoints]);

  const banner = replayBannerText(health.data);
  const noData = seriesList.data !== undefined && all.length === 0;
  const metricLabel = METRICS.find((m) => m.id === metric)?.label ?? metric;
  const windowLabel = TIME_WINDOWS.find((w) => w.id === windowId)?.label;

  return (
    <div className="min-h-screen">
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-800 px-6 py-3">
        <div className="flex items-baseline gap-3">
          <h1 className="text-lg font-semibold">LLMscope</h1>
          <span className="text-xs text-slate-400">
            {health.data
              ? `server ${health.data.version ?? ""} · database ${health.data.database ?? "?"}`
              : (health.error ?? "connecting…")}
          </span>
        </div>
        <div className="flex gap-2">
          {!noData && (
            <button
              type="button"
              className={BUTTON_QUIET}
              onClick={() => setShowSetup((s) => !s)}
            >
              {showSetup ? "Back to the chart" : "Connect a model"}
            </button>
          )}
          <button type="button" className={BUTTON_QUIET} onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>

      {banner && (
        <div
          role="status"
          data-testid="replay-banner"
          className="bg-amber-400 px-6 py-2 text-sm font-semibold text-slate-950"
        >
          {banner}
        </div>
      )}

      <main className="space-y-4 p-6">
        {seriesList.error && (
          <p role="alert" className="text-sm text-rose-300">
            {seriesList.error}
          </p>
        )}
        {noData || showSetup ? (
          <GettingStarted client={client} hasData={!noData} />
        ) : (
          <>
            <Controls
              series={all}
              selectedId={selectedId}
              onSelect={setChosenId}
              metric={metric}
              onMetric={setMetric}
              window={windowId}
              onWindow={setWindowId}
            />
            <div className="grid gap-4 xl:grid-cols-[1fr_18rem]">
              <ChartPanel
                spc={spc.data}
                error={spc.error}
                title={
                  selected
                    ? `${metricLabel} · ${seriesLabel(selected)} · last ${windowLabel}`
                    : "Control chart"
                }
              />
              <div className="space-y-4">
                <SummaryPanel spc={spc.data} />
                <SystemPanel client={client} />
              </div>
            </div>
            <ViolationsPanel client={client} series={selected} />
          </>
        )}
      </main>
    </div>
  );
}
