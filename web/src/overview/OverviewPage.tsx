import { useEffect, useRef, useState } from "react";
import type { ApiClient } from "../api/client";
import type { SeriesInfo } from "../api/types";
import { linesOptions } from "../chart/options";
import { CHART_COLORS } from "../chart/plugins";
import type { HLine } from "../chart/types";
import { UPlotChart } from "../chart/UPlotChart";
import { formatMetric, formatNumber, formatNumber0 } from "../dashboard/format";
import { seriesId, seriesLabel } from "../dashboard/series";
import { useLiveEvents } from "../live/LiveContext";
import { useLiveQuery } from "../live/useLiveQuery";
import {
  appendSample,
  openBySeries,
  seriesState,
  stateText,
  type SeriesState,
  type Spark,
} from "./state";

const WINDOW_S = 3600;

const STATE_LOOK: Record<SeriesState, string> = {
  "in-control": "bg-emerald-900 text-emerald-50",
  violations: "bg-amber-300 text-slate-950",
  failing: "bg-rose-800 text-rose-50",
};

interface OverviewProps {
  client: ApiClient;
  series: SeriesInfo[];
  onOpen: (id: string) => void;
}

/** One small live chart per series with its state; 20 fit one screen. */
export function OverviewPage({ client, series, onOpen }: OverviewProps) {
  const open = useLiveQuery(
    () => client.violations({ state: "open", limit: 1000 }),
    "open-violations",
    { stale: (e) => e.type === "violation" },
  );
  const counts = openBySeries(open.data ?? []);
  return (
    <section aria-labelledby="overview-title">
      <h2
        id="overview-title"
        className="mb-3 text-sm font-semibold uppercase tracking-wide text-slate-300"
      >
        {series.length} monitored series · latency, last hour
      </h2>
      <ul className="grid grid-cols-[repeat(auto-fill,minmax(15rem,1fr))] gap-3">
        {series.map((s) => (
          <SeriesCard
            key={seriesId(s)}
            client={client}
            series={s}
            open={counts.get(seriesId(s)) ?? 0}
            onOpen={() => onOpen(seriesId(s))}
          />
        ))}
      </ul>
    </section>
  );
}

interface CardProps {
  client: ApiClient;
  series: SeriesInfo;
  open: number;
  onOpen: () => void;
}

function SeriesCard({ client, series, open, onOpen }: CardProps) {
  const [spark, setSpark] = useState<Spark | null>(null);
  const [lastFailed, setLastFailed] = useState(false);
  const [errorRate, setErrorRate] = useState<number | null>(null);
  const [center, setCenter] = useState<number | null>(null);
  const lines = useRef<HLine[]>([]);

  useEffect(() => {
    let stopped = false;
    client
      .spc({
        provider: series.provider,
        model: series.model,
        metric: "latency_ms",
        hours: 1,
        max_points: 240,
      })
      .then((res) => {
        if (stopped) return;
        setSpark([res.timestamps.map((t) => Date.parse(t) / 1000), res.values]);
        setErrorRate(res.summary?.error_rate ?? null);
        setCenter(res.spc?.center ?? null);
        lines.current = res.spc
          ? [
              {
                value: res.spc.ucl,
                color: CHART_COLORS.limit,
                dash: [4, 3],
                label: "",
              },
              {
                value: res.spc.center,
                color: CHART_COLORS.center,
                dash: [],
                label: "",
              },
            ]
          : [];
      })
      .catch(() => !stopped && setSpark([[], []]));
    return () => {
      stopped = true;
    };
  }, [client, series.provider, series.model]);

  useLiveEvents((e) => {
    if (e.type !== "sample") return;
    if (e.data.provider !== series.provider || e.data.model !== series.model)
      return;
    setLastFailed(!e.data.success);
    setSpark((s) => (s ? appendSample(s, e.data, WINDOW_S) : s));
  });

  const state = seriesState(open, lastFailed, errorRate);
  const label = seriesLabel(series);
  return (
    <li
      className="rounded-lg border border-slate-700 bg-slate-900 p-2"
      data-testid="series-card"
      data-state={state}
    >
      <div className="flex items-start justify-between gap-2">
        <button
          type="button"
          onClick={onOpen}
          className="truncate text-left text-sm font-medium text-sky-200 hover:underline"
          title={`Open the control chart of ${label}`}
        >
          {label}
        </button>
        <span
          className={`shrink-0 rounded px-1.5 py-0.5 text-xs font-medium ${STATE_LOOK[state]}`}
          data-testid="series-state"
        >
          {stateText(state, open)}
        </span>
      </div>
      <p className="text-xs text-slate-300">
        CL {formatMetric(center, "latency_ms")} ·{" "}
        {formatNumber0(series.samples)} samples
      </p>
      {spark && (
        <UPlotChart
          label={`Latency of ${label}, last hour`}
          data={spark}
          makeOptions={(width) => ({
            ...linesOptions({
              width,
              height: 70,
              format: formatNumber,
              floor: 0,
              getLines: () => lines.current,
              series: [{ label: "latency", stroke: CHART_COLORS.points }],
            }),
            axes: [{ show: false }, { show: false }],
            legend: { show: false },
            cursor: { show: false },
          })}
        />
      )}
    </li>
  );
}
