/**
 * Shapes of the LLMscope HTTP API as the dashboard reads them (see
 * shared/API.md). Times are ISO 8601 UTC strings such as
 * "2026-12-04T15:00:00.123Z"; durations carry their unit in the name.
 */

/** GET /health (no key needed). */
export interface Health {
  status: string;
  timestamp: string;
  version?: string;
  database?: string;
  mode?: "live" | "replay";
  /** Present only when mode is "replay". */
  replay?: ReplayInfo | null;
}

export interface ReplayInfo {
  /** File name of the recorded trace being replayed. */
  source: string;
  /** How many times faster than recorded, e.g. 20. */
  speed: number;
}

/** One (provider, model) series from GET /api/series. */
export interface SeriesInfo {
  provider: string;
  model: string;
  samples: number;
  errors: number;
  last_timestamp: string | null;
}

/** Numeric sample fields that have their own control chart. */
export type Metric =
  "latency_ms" | "ttft_ms" | "itl_ms" | "tokens_per_s" | "error_rate";

/** Control limits of an individuals (I-MR) chart; null under 2 points. */
export interface SpcLimits {
  metric: Metric;
  method: string;
  baseline: string;
  n: number;
  center: number;
  sigma: number;
  ucl: number;
  lcl: number;
  mr_center?: number;
  mr_ucl?: number;
  transform?: string;
}

/** A point that broke one or more rules; index refers to the arrays. */
export interface SpcFlag {
  index: number;
  timestamp: string;
  rules: string[];
}

export interface SpcSummary {
  count: number;
  mean: number | null;
  std: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  errors: number;
  /** Failed share of all probes, 0..1. */
  error_rate: number | null;
}

/** GET /api/stats/spc: parallel arrays of successful samples. */
export interface SpcResponse {
  provider: string;
  model: string;
  metric: Metric;
  hours: number;
  timestamps: string[];
  values: number[];
  ids?: number[];
  models?: string[];
  providers?: string[];
  spc: SpcLimits | null;
  flags: SpcFlag[];
  /** Absent on the error-rate chart. */
  summary?: SpcSummary;
  /** Moving range chart data, parallel to values (issue 3). */
  mr?: MrSeries | null;
  /** EWMA statistic and its time-varying limits, one per point. */
  ewma?: EwmaSeries | null;
  /** Tabular CUSUM sums, one per point, and the decision interval. */
  cusum?: CusumSeries | null;
  /** "none" or "log": the scale rules are judged on. */
  transform?: string;
  /** Lag-1 autocorrelation of the baseline; warning above 0.3. */
  autocorrelation?: { lag1: number | null; warning: boolean } | null;
  /** Set when the server dropped points for the screen (max_points). */
  thinned?: { from: number; to: number } | null;
}

/** Moving ranges of the points, on the judged scale, with MR limits. */
export interface MrSeries {
  values: (number | null)[];
  center: number;
  ucl: number;
  lcl?: number;
}

/** The EWMA view: statistic z and its exact time-varying limits. */
export interface EwmaSeries {
  z: (number | null)[];
  ucl: (number | null)[];
  lcl: (number | null)[];
  center?: number | null;
  lambda?: number;
  L?: number;
  enabled?: boolean;
}

/** The tabular CUSUM view: both sums (>= 0) and the decision interval. */
export interface CusumSeries {
  upper: (number | null)[];
  lower: (number | null)[];
  /** h in sigmas, and h * sigma in the judged scale's unit. */
  h?: number;
  h_sigma?: number | null;
  k?: number;
  enabled?: boolean;
}

export type ViolationState = "open" | "closed";

/** One episode of one rule, with statistics frozen when it opened. */
export interface Violation {
  id: number;
  provider: string;
  model: string;
  metric: Metric | string;
  rule: string;
  timestamp: string;
  latency_ms: number | null;
  value?: number | null;
  deviation_sigma: number | null;
  mean_ms: number | null;
  std_ms: number | null;
  ucl_ms: number | null;
  lcl_ms: number | null;
  cpu_percent: number | null;
  memory_percent: number | null;
  gpu_percent: number | null;
  gpu_memory_percent: number | null;
  first_timestamp: string | null;
  last_timestamp: string | null;
  points: number | null;
  state: ViolationState;
  is_acknowledged: boolean;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  note: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  /** Alert deliveries of this episode (GET /api/violations/{id} only). */
  alerts?: AlertDelivery[] | { deliveries?: AlertDelivery[] } | null;
}

/** One try at sending an alert. */
export interface AlertAttempt {
  id: number;
  attempted_at: string;
  duration_ms: number;
  ok: boolean;
  permanent: boolean;
  code: number | null;
  error: string | null;
}

/** One alert of the outbox (GET /api/alerts). */
export interface AlertDelivery {
  id: number;
  channel: string;
  event?: string;
  status: string;
  attempts?: AlertAttempt[];
  created_at?: string;
  sent_at?: string | null;
  last_error?: string | null;
  violation_id?: number;
}

/** Filters of GET /api/violations; unset ones are not sent. */
export interface ViolationQuery {
  provider?: string;
  model?: string;
  rule?: string;
  metric?: string;
  state?: ViolationState;
  acknowledged?: boolean;
  resolved?: boolean;
  /** ISO 8601 bounds on the opening timestamp, inclusive. */
  since?: string;
  until?: string;
  limit?: number;
  offset?: number;
}

/** An alert mute (GET /api/mutes): a model's alerts silenced for a while. */
export interface Mute {
  id: number;
  /** null: every provider of the model. */
  provider: string | null;
  model: string;
  starts_at: string;
  /** Exclusive: alerts sound again from this moment. */
  ends_at: string;
  reason: string | null;
  created_at: string;
}

/** Body of POST /api/mutes: `ends_at` or `minutes`, not both. */
export interface NewMute {
  model: string;
  provider?: string;
  starts_at?: string;
  ends_at?: string;
  minutes?: number;
  reason?: string;
}

/** GET /api/system: host telemetry in percent. */
export interface SystemInfo {
  cpu: number | null;
  memory: number | null;
  gpu: number | null;
  gpu_memory: number | null;
  gpu_available?: boolean;
  system?: string;
  release?: string;
  timestamp?: string;
}

export type ProviderKind =
  "ollama" | "ollama-chat" | "openai" | "anthropic" | "http";

/** A monitored model (probe target) from GET /api/models. */
export interface ModelTarget {
  id: number;
  name: string;
  provider: string;
  base_url: string;
  model: string;
  prompt?: string;
  max_tokens?: number;
  interval_s?: number;
  timeout_s?: number;
  enabled?: boolean;
  api_key_env?: string;
}

/** Body of POST /api/models. */
export interface NewModelTarget {
  name: string;
  provider: ProviderKind;
  base_url: string;
  model: string;
  /**
   * Name of the server's environment variable that holds the endpoint's
   * key: the key itself never travels through the API.
   */
  api_key_env?: string;
  interval_s?: number;
  enabled?: boolean;
}

/** The answer of POST /api/models/{id}/probe: one probe's breakdown. */
export interface ProbeReport {
  success: boolean;
  http_status: number | null;
  error_kind: string | null;
  error: string | null;
  timing: Record<string, number | null>;
  output_tokens?: number | null;
  tokens_per_s?: number | null;
  decode_tokens_per_s?: number | null;
  /** The same breakdown as text, one phase a line. */
  report?: string;
}

/** One run-time setting of GET /api/settings. */
export interface SettingInfo {
  value: string | number | boolean | null;
  default?: string | number | boolean | null;
  type: "string" | "number" | "integer" | "boolean" | string;
  description?: string;
  secret?: boolean;
}

export type SettingsMap = Record<string, SettingInfo>;

/** A frozen baseline (POST/GET /api/baselines, issue 3). */
export interface Baseline {
  id: number;
  provider: string;
  model: string;
  metric: string;
  [field: string]: unknown;
}

/** A live event of GET /api/stream. */
export type StreamEvent =
  | { type: "sample"; data: StreamSample }
  | { type: "violation"; data: Violation }
  | { type: "system"; data: SystemInfo };

/** The fields of a streamed sample the dashboard reads. */
export interface StreamSample {
  id: number;
  timestamp: string;
  provider: string;
  model: string;
  success: boolean;
  latency_ms: number | null;
  ttft_ms: number | null;
  itl_ms: number | null;
  tokens_per_s: number | null;
}
