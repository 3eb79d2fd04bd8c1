import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { CHART_COLORS, flagMarkersPlugin, limitsPlugin } from "./plugins";
import { yRange } from "./shape";
import type { ChartLimits, ShapedChart } from "./types";

interface ControlChartProps {
  chart: ShapedChart;
  /** Label of the value series, e.g. "latency_ms". */
  label: string;
  format: (value: number) => string;
  /** Logarithmic y axis; fixed for the chart's life (remount to change). */
  logScale?: boolean;
  height?: number;
}

const AXIS = {
  stroke: "#cbd5e1",
  grid: { stroke: "#334155", width: 1 },
  ticks: { stroke: "#475569", width: 1 },
};

function chartOptions(
  label: string,
  width: number,
  height: number,
  getLimits: () => ChartLimits | null,
  format: (value: number) => string,
  logScale: boolean,
): uPlot.Options {
  return {
    width,
    height,
    plugins: [limitsPlugin(getLimits, format), flagMarkersPlugin(2)],
    scales: {
      x: { time: true },
      y: {
        distr: logScale ? 3 : 1,
        range: (_u, min, max) => yRange(min, max, getLimits(), logScale),
      },
    },
    axes: [
      { ...AXIS },
      {
        ...AXIS,
        size: 70,
        // A log axis leaves some ticks unlabelled (null).
        values: (_u, ticks) => ticks.map((t) => (t === null ? "" : format(t))),
      },
    ],
    legend: { show: true },
    series: [
      {},
      {
        label,
        stroke: CHART_COLORS.points,
        width: 1,
        points: { show: true, size: 4, fill: CHART_COLORS.points },
        value: (_u, v) => (v === null ? "—" : format(v)),
      },
      {
        // Drawn by flagMarkersPlugin; kept as a series for the legend.
        label: "flagged",
        stroke: CHART_COLORS.flag,
        paths: () => null,
        points: { show: false },
        value: (_u, v) => (v === null ? "—" : format(v)),
      },
    ],
  };
}

/**
 * An individuals control chart. The uPlot instance is created once; new
 * data goes in with setData, size changes with setSize, and it is
 * destroyed on unmount.
 */
export function ControlChart({
  chart,
  label,
  format,
  logScale = false,
  height = 320,
}: ControlChartProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const limitsRef = useRef<ChartLimits | null>(chart.limits);
  const formatRef = useRef(format);
  limitsRef.current = chart.limits;
  formatRef.current = format;

  // Create once per mount.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const opts = chartOptions(
      label,
      Math.max(host.clientWidth, 300),
      height,
      () => limitsRef.current,
      (v) => formatRef.current(v),
      logScale,
    );
    const plot = new uPlot(opts, chart.data, host);
    plotRef.current = plot;

    const observer = new ResizeObserver(() => {
      plot.setSize({ width: Math.max(host.clientWidth, 300), height });
    });
    observer.observe(host);
    return () => {
      observer.disconnect();
      plot.destroy();
      plotRef.current = null;
    };
    // The chart is built once; data flows in through the effect below.
  }, []);

  useEffect(() => {
    plotRef.current?.setData(chart.data);
  }, [chart]);

  return (
    <div
      ref={hostRef}
      className="control-chart w-full"
      role="img"
      aria-label={`Control chart of ${label}`}
    />
  );
}
