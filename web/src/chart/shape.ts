import type { SpcLimits, SpcResponse } from "../api/types";
import { formatTime } from "../dashboard/format";
import type { ChartLimits, ControlChartData, ShapedChart } from "./types";

/** Unix seconds (uPlot's x unit) from an ISO 8601 time; NaN if invalid. */
export function toSeconds(iso: string): number {
  return Date.parse(iso) / 1000;
}

export function toChartLimits(spc: SpcLimits | null): ChartLimits | null {
  if (!spc || !Number.isFinite(spc.center) || !Number.isFinite(spc.sigma)) {
    return null;
  }
  const symmetric =
    Math.abs(spc.ucl - spc.center - (spc.center - spc.lcl)) <=
    1e-6 * Math.max(1, Math.abs(spc.ucl));
  return {
    center: spc.center,
    ucl: spc.ucl,
    lcl: spc.lcl,
    lclDrawn: Math.max(spc.lcl, 0),
    sigma: symmetric && spc.sigma > 0 ? (spc.ucl - spc.center) / 3 : null,
  };
}

/** Positions of valid points, ordered by time (stable for equal times). */
function orderedPoints(xs: number[], ys: number[]): number[] {
  const keep: number[] = [];
  let sorted = true;
  let last = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const y = ys[i];
    if (x === undefined || y === undefined) continue;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    keep.push(i);
    if (x < last) sorted = false;
    last = x;
  }
  // The server sends points in time order: sorting them again would cost
  // more than the rest of the shaping.
  if (sorted) return keep;
  return keep.sort((a, b) => (xs[a] ?? 0) - (xs[b] ?? 0) || a - b);
}

const shapedAnswers = new WeakMap<SpcResponse, ShapedChart>();

/**
 * Turns the parallel arrays of GET /api/stats/spc into uPlot columns.
 * Points with an unreadable time or value are dropped; flags follow their
 * point, and flags whose index lies outside the arrays are ignored.
 *
 * One answer object is shaped once: asked again, the same result comes
 * back. The chart drawn before the dashboard loads (firstChart.ts) and
 * the page shape the preloaded answer between them, and the page knows
 * that chart by its data.
 */
export function shapeSpc(res: SpcResponse): ShapedChart {
  let shaped = shapedAnswers.get(res);
  if (!shaped) {
    shaped = shapeAnswer(res);
    shapedAnswers.set(res, shaped);
  }
  return shaped;
}

function shapeAnswer(res: SpcResponse): ShapedChart {
  // Plain loops: this runs once per answer, before the functions are
  // compiled, where closures per element cost more than the work.
  const rawXs: number[] = [];
  for (const t of res.timestamps) rawXs.push(toSeconds(t));
  const order = orderedPoints(rawXs, res.values);

  // Rules per original index, merged when a point is listed twice.
  const rulesByIndex = new Map<number, string[]>();
  for (const flag of res.flags ?? []) {
    const known = rulesByIndex.get(flag.index);
    rulesByIndex.set(flag.index, known ? known.concat(flag.rules) : flag.rules);
  }

  const data: ControlChartData = [[], [], []];
  const rulesAt = new Map<number, string[]>();
  for (let position = 0; position < order.length; position++) {
    const original = order[position] as number;
    const y = res.values[original] as number;
    data[0].push(rawXs[original] as number);
    data[1].push(y);
    const rules = rulesByIndex.get(original);
    data[2].push(rules ? y : null);
    if (rules) rulesAt.set(position, rules);
  }

  return {
    data,
    limits: toChartLimits(res.spc),
    rulesAt,
    flaggedCount: rulesAt.size,
    order,
  };
}

/** "R1, R5 at 2026-12-04 15:00:01 UTC: 812.4" for a flagged point. */
export function flagText(
  shaped: ShapedChart,
  idx: number,
  format: (v: number) => string,
): string | null {
  const rules = shaped.rulesAt.get(idx);
  if (!rules) return null;
  const x = shaped.data[0][idx] ?? 0;
  const y = shaped.data[1][idx] ?? 0;
  return `${rules.join(", ")} at ${formatTime(new Date(x * 1000).toISOString())}: ${format(y)}`;
}

/** Moving ranges |x_i - x_(i-1)|; the first point has none (null). */
export function movingRanges(ys: number[]): (number | null)[] {
  return ys.map((y, i) => (i === 0 ? null : Math.abs(y - (ys[i - 1] ?? y))));
}

/**
 * A column of the server's arrays (EWMA, CUSUM) in the chart's order;
 * null where the server has no value or the column is too short.
 */
export function reorder(
  column: (number | null)[] | undefined,
  order: number[],
): (number | null)[] {
  return order.map((i) => {
    const v = column?.[i];
    return v === undefined || v === null || !Number.isFinite(v) ? null : v;
  });
}

/** The sigma zone of a value: 0 inside 1 sigma, 1 inside 2, 2 beyond. */
export function zoneOf(value: number, limits: ChartLimits): number {
  const sigma = limits.sigma ?? (limits.ucl - limits.center) / 3;
  if (!(sigma > 0)) return 0;
  const z = Math.abs(value - limits.center) / sigma;
  return z <= 1 ? 0 : z <= 2 ? 1 : 2;
}

/**
 * y-axis range that shows the data and all three limit lines, with a
 * little headroom; never below 0 since every metric here is non-negative.
 * On a log axis only positive values count and the headroom is a factor.
 */
export function yRange(
  dataMin: number | null,
  dataMax: number | null,
  limits: ChartLimits | null,
  log = false,
): [number, number] {
  const values: number[] = [];
  if (dataMin !== null && Number.isFinite(dataMin)) values.push(dataMin);
  if (dataMax !== null && Number.isFinite(dataMax)) values.push(dataMax);
  if (limits) values.push(limits.ucl, limits.center, limits.lclDrawn);

  if (log) {
    const positive = values.filter((v) => v > 0);
    if (positive.length === 0) return [1, 10];
    return [Math.min(...positive) / 1.25, Math.max(...positive) * 1.25];
  }
  if (values.length === 0) return [0, 1];

  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.08;
  return [Math.max(0, lo - pad), hi + pad];
}
