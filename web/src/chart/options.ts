import type uPlot from "uplot";
import {
  CHART_COLORS,
  flagMarkersPlugin,
  flagTooltipPlugin,
  limitsPlugin,
  linesPlugin,
  rangeSelectPlugin,
} from "./plugins";
import { yRange } from "./shape";
import type { ChartLimits, HLine } from "./types";

const AXIS = {
  stroke: "#cbd5e1",
  grid: { stroke: "#334155", width: 1 },
  ticks: { stroke: "#475569", width: 1 },
};

/** Height of a chart page's main chart, in CSS pixels. */
export const CHART_HEIGHT = 300;

/**
 * Adds a hook to `opts` that sets the user-timing mark
 * "llmscope:drawn:<testId>" when the chart first draws points, for
 * benchmarks and for anyone profiling the page.
 */
export function markFirstDrawing(opts: uPlot.Options, testId: string): void {
  let marked = false;
  const mark = (u: uPlot) => {
    if (marked || u.data[0].length === 0) return;
    marked = true;
    performance.mark(`llmscope:drawn:${testId}`);
  };
  opts.hooks = { ...opts.hooks, draw: [...(opts.hooks?.draw ?? []), mark] };
}

/** Cursor of the charts of one page: moving on one moves the others. */
export const SYNC_KEY = "llmscope-spc";

export interface ChartFrame {
  width: number;
  height: number;
  format: (value: number) => string;
  /** Fixed x range in Unix seconds (a custom time range); else the data's. */
  xRange?: [number, number] | null;
  /** Join the page's cursor sync group. */
  sync?: boolean;
}

function frame(f: ChartFrame, yAxisSize = 70): Partial<uPlot.Options> {
  return {
    width: f.width,
    height: f.height,
    cursor: {
      sync: f.sync ? { key: SYNC_KEY } : undefined,
      drag: { x: true, y: false, setScale: false },
    },
    axes: [
      { ...AXIS },
      {
        ...AXIS,
        size: yAxisSize,
        values: (_u, ticks) =>
          ticks.map((t) => (t === null ? "" : f.format(t))),
      },
    ],
    legend: { show: true },
  };
}

function xScale(f: ChartFrame): uPlot.Scale {
  const fixed = f.xRange;
  return fixed
    ? { time: true, range: () => [fixed[0], fixed[1]] }
    : { time: true };
}

const valueOf =
  (format: (v: number) => string) => (_u: uPlot, v: number | null) =>
    v === null ? "—" : format(v);

export interface IndividualsSpec extends ChartFrame {
  label: string;
  logScale: boolean;
  getLimits: () => ChartLimits | null;
  describeFlag: (idx: number) => string | null;
  onSelect?: (fromS: number, toS: number) => void;
}

/** The individuals chart: points, zones, limits, flagged markers. */
export function individualsOptions(s: IndividualsSpec): uPlot.Options {
  const plugins = [
    limitsPlugin(s.getLimits, s.format),
    flagMarkersPlugin(2),
    flagTooltipPlugin(s.describeFlag),
  ];
  if (s.onSelect) plugins.push(rangeSelectPlugin(s.onSelect));
  return {
    ...frame(s),
    width: s.width,
    height: s.height,
    plugins,
    scales: {
      x: xScale(s),
      y: {
        distr: s.logScale ? 3 : 1,
        range: (_u, min, max) => yRange(min, max, s.getLimits(), s.logScale),
      },
    },
    series: [
      {},
      {
        label: s.label,
        stroke: CHART_COLORS.points,
        width: 1,
        // A dot per point while they are at least 3 px apart; denser
        // points would only overlap (the line and the flags still show).
        points: {
          show: (u, _seriesIdx, i0, i1) =>
            i1 - i0 <= u.bbox.width / (3 * (devicePixelRatio || 1)),
          size: 4,
          fill: CHART_COLORS.points,
        },
        value: valueOf(s.format),
      },
      {
        // Drawn by flagMarkersPlugin; kept as a series for the legend.
        label: "flagged",
        stroke: CHART_COLORS.flag,
        paths: () => null,
        points: { show: false },
        value: valueOf(s.format),
      },
    ],
  };
}

export interface LineSeries {
  label: string;
  stroke: string;
  dash?: number[];
  points?: boolean;
}

export interface LinesSpec extends ChartFrame {
  series: LineSeries[];
  getLines: () => HLine[];
  /** Lowest y shown; 0 for ranges and sums. */
  floor?: number;
}

/** A plain line chart with reference lines: moving range, EWMA, CUSUM. */
export function linesOptions(s: LinesSpec): uPlot.Options {
  return {
    ...frame(s),
    width: s.width,
    height: s.height,
    plugins: [linesPlugin(s.getLines)],
    scales: {
      x: xScale(s),
      y: {
        range: (_u, min, max) => {
          const values = [min, max, ...s.getLines().map((l) => l.value)];
          const finite = values.filter((v) => Number.isFinite(v));
          const lo = Math.min(...finite, s.floor ?? Infinity);
          const hi = Math.max(...finite, 1e-9);
          const pad = (hi - lo || 1) * 0.08;
          return [s.floor !== undefined ? s.floor : lo - pad, hi + pad];
        },
      },
    },
    series: [
      {},
      ...s.series.map((l) => ({
        label: l.label,
        stroke: l.stroke,
        width: 1.25,
        dash: l.dash,
        spanGaps: false,
        points: { show: l.points ?? false, size: 3, fill: l.stroke },
        value: valueOf(s.format),
      })),
    ],
  };
}
