import type { Metric, SpcResponse, SpcSummary } from "../api/types";

/** Metrics with a chart, in the order the selector lists them. */
export const METRICS: { id: Metric; label: string }[] = [
  { id: "latency_ms", label: "Latency" },
  { id: "ttft_ms", label: "Time to first token" },
  { id: "itl_ms", label: "Time per output token" },
  { id: "tokens_per_s", label: "Tokens per second" },
  { id: "error_rate", label: "Error rate" },
];

export const DASH = "—";

export function metricUnit(metric: string): string {
  if (metric === "error_rate") return "";
  return metric === "tokens_per_s" ? "tok/s" : "ms";
}

/**
 * `value` with exactly `digits` decimals and a comma between thousands,
 * as Intl.NumberFormat("en-US") writes it: rounded half away from zero on
 * the shortest decimal form of the number (1.0005 gives "1.001" where
 * toFixed gives "1.000"). Written without Intl because the page's first
 * Intl formatter loads ICU's locale data, some 15 ms of the main thread
 * before the first chart could be drawn.
 */
export function formatFixed(value: number, digits: number): string {
  const sign = value < 0 || Object.is(value, -0) ? "-" : "";
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "NaN" : `${sign}∞`;
  let [ints, fraction] = decimalParts(Math.abs(value));
  if (fraction.length > digits) {
    const roundUp = fraction.charCodeAt(digits) >= 53; // "5" or more
    fraction = fraction.slice(0, digits);
    if (roundUp) [ints, fraction] = addOneUnit(ints, fraction);
  }
  fraction = fraction.padEnd(digits, "0");
  const grouped = ints.replace(/\B(?=(\d{3})+$)/g, ",");
  return sign + grouped + (digits > 0 ? `.${fraction}` : "");
}

/** The integer and fraction digits of a finite x >= 0, in plain notation. */
function decimalParts(x: number): [string, string] {
  const text = String(x); // the shortest form that reads back as x
  const e = text.indexOf("e");
  const mantissa = e < 0 ? text : text.slice(0, e);
  const exponent = e < 0 ? 0 : Number(text.slice(e + 1));
  const dot = mantissa.indexOf(".");
  const digits = mantissa.replace(".", "");
  // Where the decimal point falls in `digits`.
  const point = (dot < 0 ? mantissa.length : dot) + exponent;
  if (point <= 0) return ["0", "0".repeat(-point) + digits];
  if (point >= digits.length)
    return [digits + "0".repeat(point - digits.length), ""];
  return [digits.slice(0, point), digits.slice(point)];
}

/** ints.fraction plus one unit in the last place of fraction. */
function addOneUnit(ints: string, fraction: string): [string, string] {
  const all = (ints + fraction).split("");
  let i = all.length - 1;
  while (i >= 0 && all[i] === "9") all[i--] = "0";
  if (i >= 0) all[i] = String(Number(all[i]) + 1);
  else all.unshift("1");
  const whole = all.join("");
  const cut = whole.length - fraction.length;
  return [whole.slice(0, cut), whole.slice(cut)];
}

/** A number with fewer decimals as it grows: 3.142, 31.42, 314.2, 3,142. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return DASH;
  }
  if (value === 0) return "0";
  const size = Math.abs(value);
  const digits = size >= 1000 ? 0 : size >= 100 ? 1 : size >= 10 ? 2 : 3;
  return formatFixed(value, digits);
}

/** A count with thousands separators: 43,200. */
export function formatCount(n: number): string {
  return formatFixed(n, 0);
}

/** A value of `metric` with its unit, e.g. "812.4 ms". */
export function formatMetric(
  value: number | null | undefined,
  metric: string,
): string {
  if (metric === "error_rate") return formatShare(value);
  const text = formatNumber(value);
  return text === DASH ? DASH : `${text} ${metricUnit(metric)}`;
}

/** A 0..1 share as a percentage, e.g. 0.0067 -> "0.67 %". */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) {
    return DASH;
  }
  return `${formatFixed(share * 100, 2)} %`;
}

/** How a metric's values read: error rates as shares, the rest as numbers. */
export function metricFormat(metric: Metric): (value: number) => string {
  return metric === "error_rate" ? formatShare : formatNumber;
}

/** A value already in percent (host telemetry), e.g. 41.234 -> "41.2 %". */
export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return DASH;
  }
  return `${formatFixed(value, 1)} %`;
}

/** Signed distance from the center line, e.g. "+3.42 σ". */
export function formatSigma(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return DASH;
  }
  const sign = value > 0 ? "+" : value < 0 ? "−" : "";
  return `${sign}${formatFixed(Math.abs(value), 2)} σ`;
}

/** "2026-12-04 15:00:00 UTC" from an ISO time; the input when unreadable. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

export interface Figure {
  /** Stable id, used as the test id and React key. */
  id: string;
  label: string;
  value: string;
}

/** The summary panel's figures for one chart response, in display order. */
export function summaryFigures(res: SpcResponse): Figure[] {
  const m = res.metric;
  const spc = res.spc;
  // With no successful sample the server sends 0 for mean and percentiles.
  const summary = res.summary ?? windowSummary(res.values);
  const s = summary.count > 0 ? summary : blankStats(summary);
  return [
    { id: "count", label: "Samples", value: formatNumber0(s.count) },
    { id: "mean", label: "Mean", value: formatMetric(s.mean, m) },
    {
      id: "sigma",
      label: "Sigma (MR)",
      // Under the log transform sigma is on the judged (ln) scale.
      value:
        spc?.transform === "log"
          ? `${formatNumber(spc.sigma)} (ln scale)`
          : formatMetric(spc?.sigma, m),
    },
    { id: "std", label: "Std dev", value: formatMetric(s.std, m) },
    { id: "p50", label: "P50", value: formatMetric(s.p50, m) },
    { id: "p95", label: "P95", value: formatMetric(s.p95, m) },
    { id: "p99", label: "P99", value: formatMetric(s.p99, m) },
    { id: "error-rate", label: "Error rate", value: formatShare(s.error_rate) },
    { id: "errors", label: "Errors", value: formatNumber0(s.errors) },
    { id: "ucl", label: "UCL", value: formatMetric(spc?.ucl, m) },
    { id: "cl", label: "CL", value: formatMetric(spc?.center, m) },
    { id: "lcl", label: "LCL", value: formatMetric(spc?.lcl, m) },
    {
      id: "flagged",
      label: "Flagged points",
      value: formatNumber0(res.flags.length),
    },
  ];
}

/**
 * Figures of the points themselves, for a chart without a summary (the
 * error-rate chart, whose points are the rates of windows of probes).
 */
export function windowSummary(values: number[]): SpcSummary {
  const n = values.length;
  const mean = n ? values.reduce((a, b) => a + b, 0) / n : null;
  return {
    count: n,
    mean,
    std: null,
    p50: null,
    p95: null,
    p99: null,
    errors: 0,
    error_rate: mean,
  };
}

function blankStats(s: SpcSummary): SpcSummary {
  return { ...s, mean: null, std: null, p50: null, p95: null, p99: null };
}

/** A whole count with thousands separators. */
export function formatNumber0(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return DASH;
  }
  return formatFixed(value, 0);
}
