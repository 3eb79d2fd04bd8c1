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

// Making an Intl.NumberFormat costs far more than formatting with one,
// and a chart formats hundreds of numbers: one per number of decimals.
const formatters = new Map<number, Intl.NumberFormat>();
function grouped(digits: number): Intl.NumberFormat {
  let f = formatters.get(digits);
  if (!f) {
    f = new Intl.NumberFormat("en-US", {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(digits, f);
  }
  return f;
}

/** A number with fewer decimals as it grows: 3.142, 31.42, 314.2, 3,142. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return DASH;
  }
  if (value === 0) return "0";
  const size = Math.abs(value);
  const digits = size >= 1000 ? 0 : size >= 100 ? 1 : size >= 10 ? 2 : 3;
  return grouped(digits).format(value);
}

/** A count with thousands separators: 43,200. */
export function formatCount(n: number): string {
  return grouped(0).format(n);
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
  return `${grouped(2).format(share * 100)} %`;
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
  return `${grouped(1).format(value)} %`;
}

/** Signed distance from the center line, e.g. "+3.42 σ". */
export function formatSigma(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return DASH;
  }
  const sign = value > 0 ? "+" : value < 0 ? "−" : "";
  return `${sign}${grouped(2).format(Math.abs(value))} σ`;
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
  return grouped(0).format(value);
}
