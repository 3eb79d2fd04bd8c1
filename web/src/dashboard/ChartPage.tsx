import { memo, useEffect, useMemo, useRef, useState } from "react";
import type { ApiClient, SpcQuery } from "../api/client";
import type { Metric, SeriesInfo } from "../api/types";
import { ChartViews, type ChartView } from "../chart/ChartViews";
import { shapeSpc } from "../chart/shape";
import { useLiveQuery } from "../live/useLiveQuery";
import { useAfterPaint } from "../ui/useAfterPaint";
import { UtcTimeField } from "../ui/UtcTimeField";
import { ViolationsPanel } from "../violations/ViolationsPanel";
import { BaselinePanel } from "./BaselinePanel";
import { ChartLayout } from "./ChartLayout";
import { Controls, type WindowChoice } from "./Controls";
import {
  formatCount,
  formatMetric,
  formatNumber,
  metricFormat,
} from "./format";
import {
  chartLinkHash,
  chartQuery,
  chartTitle,
  DEFAULT_METRIC,
  parseChartLink,
} from "./chartLink";
import { seriesId, seriesLabel, type SeriesKey } from "./series";
import { SummaryPanel } from "./SummaryPanel";
import {
  customRangeQuery,
  DEFAULT_WINDOW,
  parseWindow,
  parseUtcInput,
  utcInputValue,
} from "./timeWindow";

interface ChartPageProps {
  client: ApiClient;
  series: SeriesInfo[];
  /** Known before the series list arrives when a link or memory names it. */
  selected: SeriesKey | null;
  /** The series a link asked for when it has no samples (shown instead: `selected`). */
  missing?: SeriesKey | null;
  onSelect: (id: string) => void;
}

/**
 * One series' control chart with every view, summary and baseline.
 * Memoised: the page around it re-renders on every health or series
 * answer, and a chart of thousands of points need not follow.
 */
export const ChartPage = memo(function ChartPage({
  client,
  series,
  selected,
  missing = null,
  onSelect,
}: ChartPageProps) {
  // A chart link ("#/chart?provider=..&model=..&metric=..&window=7d")
  // opens on its metric and window; the hash follows the choices so that
  // the address can be shared.
  const [metric, setMetric] = useState<Metric>(
    () => parseChartLink(location.hash).metric ?? DEFAULT_METRIC,
  );
  const [windowId, setWindowId] = useState<WindowChoice>(() =>
    parseWindow(parseChartLink(location.hash).window),
  );
  const [view, setView] = useState<ChartView>("individuals");
  const [logScale, setLogScale] = useState(false);
  const [custom, setCustom] = useState(() => ({
    from: utcInputValue(Date.now() - 3 * 3_600_000),
    to: utcInputValue(Date.now()),
  }));
  const [selection, setSelection] = useState<[number, number] | null>(null);
  useEffect(() => {
    const hash = chartLinkHash({
      series: selected,
      metric,
      window: windowId === "custom" ? null : windowId,
    });
    if (location.hash !== hash) history.replaceState(null, "", hash);
  }, [selected, metric, windowId]);

  const range =
    windowId === "custom"
      ? customRangeQuery(
          {
            fromMs: parseUtcInput(custom.from),
            toMs: parseUtcInput(custom.to),
          },
          Date.now(),
        )
      : null;
  // A custom range asks for exactly its span; a window, hours back from now
  // (built as the preload script builds it, so its answer is found).
  const query: SpcQuery | null = selected
    ? chartQuery(
        selected,
        metric,
        windowId !== "custom" ? windowId : (range ?? DEFAULT_WINDOW),
      )
    : null;
  const rangeKey =
    windowId === "custom" ? `${custom.from}-${custom.to}` : windowId;
  const key = selected ? `${seriesId(selected)}|${metric}|${rangeKey}` : "none";

  // Reload a long chart less often: each answer scans the whole window.
  const countRef = useRef(0);
  const spc = useLiveQuery(
    () => (query ? client.spc(query) : Promise.resolve(undefined)),
    key,
    {
      stale: (e) =>
        e.type === "sample" &&
        selected !== null &&
        e.data.provider === selected.provider &&
        e.data.model === selected.model,
      minGapMs: countRef.current > 20_000 ? 5000 : 1000,
      // Already here when the page opens on a chart address: drawn in the
      // first render.
      initial: () => (query ? client.preloadedSpc(query) : undefined),
    },
  );
  const shaped = useMemo(
    () => (spc.data ? shapeSpc(spc.data) : null),
    [spc.data],
  );
  const format = metricFormat(metric);
  const sidePanels = useAfterPaint(
    !selected || spc.data !== undefined || spc.error !== null,
  );
  countRef.current = spc.data?.summary?.count ?? countRef.current;

  const title = chartTitle(selected, metric, windowId);

  let body;
  if (!selected)
    body = <p className="text-sm text-slate-300">No series yet.</p>;
  else if (!shaped || !spc.data)
    body = <p className="text-sm text-slate-300">Loading chart…</p>;
  else if (shaped.data[0].length === 0)
    body = (
      <p className="text-sm text-slate-300">
        No points in this window. Pick a longer window.
      </p>
    );
  else
    body = (
      <>
        <ChartViews
          spc={spc.data}
          shaped={shaped}
          view={view}
          logScale={logScale}
          format={format}
          xRange={range?.xRange ?? null}
          onSelect={(a, b) => setSelection([a, b])}
        />
        <p className="mt-2 text-xs text-slate-300" data-testid="chart-caption">
          {shaped.limits
            ? `CL ${formatMetric(shaped.limits.center, metric)} · UCL ${formatMetric(shaped.limits.ucl, metric)} · LCL ${formatMetric(shaped.limits.lcl, metric)}`
            : "Limits appear once there are at least 2 points."}{" "}
          · <span className="text-rose-300">●</span> {shaped.flaggedCount}{" "}
          flagged point{shaped.flaggedCount === 1 ? "" : "s"}
          {spc.data.thinned
            ? ` · ${formatCount(spc.data.thinned.to)} of ${formatCount(spc.data.thinned.from)} points drawn (extremes and flagged points kept)`
            : ""}
          {spc.data.transform === "log" ? " · rules judged on ln(x)" : ""}
        </p>
        {spc.data.autocorrelation?.warning && (
          <p role="note" className="mt-1 text-xs text-amber-200">
            Lag-1 autocorrelation {formatNumber(spc.data.autocorrelation.lag1)}{" "}
            is high: consecutive points are not independent, so expect more
            false alarms.
          </p>
        )}
      </>
    );

  return (
    <ChartLayout
      controls={
        <Controls
          series={series}
          selectedId={selected ? seriesId(selected) : null}
          onSelect={onSelect}
          metric={metric}
          onMetric={setMetric}
          window={windowId}
          onWindow={setWindowId}
          view={view}
          onView={setView}
          logScale={logScale}
          onLogScale={setLogScale}
        />
      }
      notices={
        <>
          {missing && (
            <p role="status" className="text-sm text-amber-200">
              No samples of {seriesLabel(missing)}
              {selected ? `; showing ${seriesLabel(selected)} instead` : ""}.
            </p>
          )}
          {windowId === "custom" && (
            <div className="flex flex-wrap gap-4">
              {(["from", "to"] as const).map((end) => (
                <UtcTimeField
                  key={end}
                  id={`custom-${end}`}
                  label={`Range ${end}`}
                  value={custom[end]}
                  onChange={(v) => setCustom({ ...custom, [end]: v })}
                />
              ))}
              {!range && (
                <p role="alert" className="self-end text-sm text-rose-300">
                  The range must start in the past and end after it starts.
                </p>
              )}
            </div>
          )}
        </>
      }
      title={title}
      chart={
        <>
          {spc.error && (
            <p role="alert" className="mb-2 text-sm text-rose-300">
              {spc.error}
            </p>
          )}
          {body}
        </>
      }
      side={
        // The side panels wait until the chart is on screen.
        sidePanels && (
          <>
            <SummaryPanel spc={spc.data} />
            {selected && (
              <BaselinePanel
                client={client}
                series={selected}
                metric={metric}
                spc={spc.data}
                selection={selection}
                onChanged={spc.refresh}
              />
            )}
          </>
        )
      }
      // After the chart: its queries would queue behind the chart's.
      below={
        sidePanels && <ViolationsPanel client={client} series={selected} />
      }
    />
  );
});
