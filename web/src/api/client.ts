import { ApiError, AuthError, authMessage, isAuthStatus } from "./errors";
import { takeArrivedPreload, takePreloaded } from "./preloaded";
import type {
  AlertDelivery,
  Baseline,
  Health,
  Metric,
  ModelTarget,
  Mute,
  NewModelTarget,
  NewMute,
  ProbeReport,
  SeriesInfo,
  SettingsMap,
  SpcResponse,
  SystemInfo,
  Violation,
  ViolationQuery,
} from "./types";

export interface ApiClientOptions {
  /** Current API key, or null when signed out. Read on every request. */
  getKey: () => string | null;
  /** Called once per 401/403 answer, before the request rejects. */
  onAuthFailure?: (error: AuthError) => void;
  /** Injected for tests; defaults to the browser's fetch. */
  fetchFn?: typeof fetch;
  /** Prefix of every path; "" means the page's own origin. */
  baseUrl?: string;
}

export interface SpcQuery {
  provider: string;
  model: string;
  metric: Metric;
  /** Hours back from now (or from `until`); not with `since`. */
  hours?: number;
  /** An explicit range, ISO 8601 (a custom range). */
  since?: string;
  until?: string;
  /** Ask the server to thin the answer to about this many points. */
  max_points?: number;
}

/** Body of POST /api/baselines: freeze limits from a time range. */
export interface BaselineRequest {
  provider: string;
  model: string;
  metric: Metric;
  from: string;
  until: string;
}

type QueryValue = string | number | boolean | undefined;

/** "?a=1&b=x" from the defined entries, "" when none are. */
export function buildQuery(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** The "error" field of a JSON error body, if there is one. */
async function readErrorMessage(res: Response): Promise<string | undefined> {
  try {
    const body: unknown = await res.json();
    if (body && typeof body === "object" && "error" in body) {
      const message = (body as { error: unknown }).error;
      if (typeof message === "string") return message;
    }
  } catch {
    // Not JSON: the status line has to do.
  }
  return undefined;
}

/**
 * Body of acknowledge / resolve. Blank fields are left out: the server
 * keeps an earlier note rather than overwriting it with "".
 */
export function workflowBody(
  whoKey: "acknowledged_by" | "resolved_by",
  who: string,
  note: string,
): Record<string, string> {
  const body: Record<string, string> = {};
  if (who.trim()) body[whoKey] = who.trim();
  if (note.trim()) body.note = note.trim();
  return body;
}

/** The path of the series list (also what src/preload sends early). */
export const SERIES_PATH = "/api/series";

/** The path of a chart request (also what src/preload sends early). */
export function spcPath(q: SpcQuery): string {
  return `/api/stats/spc${buildQuery({ ...q })}`;
}

export function createApiClient(options: ApiClientOptions) {
  const fetchFn = options.fetchFn ?? ((...a) => globalThis.fetch(...a));
  const baseUrl = options.baseUrl ?? "";

  function failAuth(status: number, serverMessage?: string): never {
    const error = new AuthError(status, authMessage(status, serverMessage));
    options.onAuthFailure?.(error);
    throw error;
  }

  async function request<T>(
    method: string,
    path: string,
    body?: unknown,
    needsKey = true,
  ): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (needsKey) {
      const key = options.getKey();
      if (!key) failAuth(401);
      headers.Authorization = `Bearer ${key}`;
    }
    if (body !== undefined) headers["Content-Type"] = "application/json";

    let res: Response;
    try {
      const preloaded = method === "GET" ? takePreloaded(baseUrl + path) : null;
      res = await (preloaded ??
        fetchFn(baseUrl + path, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
        }));
    } catch (cause) {
      const why = cause instanceof Error ? cause.message : String(cause);
      throw new ApiError(0, `Cannot reach the server: ${why}`);
    }

    await checkStatus(res, needsKey);
    const text = await res.text();
    return (text ? JSON.parse(text) : null) as T;
  }

  async function checkStatus(res: Response, needsKey: boolean) {
    if (res.ok) return;
    const message = await readErrorMessage(res);
    if (needsKey && isAuthStatus(res.status)) failAuth(res.status, message);
    throw new ApiError(res.status, message ?? `HTTP ${res.status}`);
  }

  /** A GET with the key whose body is not JSON (CSV, the stream). */
  async function raw(path: string, signal?: AbortSignal): Promise<Response> {
    const key = options.getKey();
    if (!key) failAuth(401);
    let res: Response;
    try {
      res = await fetchFn(baseUrl + path, {
        headers: { Authorization: `Bearer ${key}` },
        signal,
      });
    } catch (cause) {
      if (signal?.aborted) throw cause;
      const why = cause instanceof Error ? cause.message : String(cause);
      throw new ApiError(0, `Cannot reach the server: ${why}`);
    }
    await checkStatus(res, true);
    return res;
  }

  return {
    health: () => request<Health>("GET", "/health", undefined, false),
    series: () => request<SeriesInfo[]>("GET", SERIES_PATH),
    spc: (q: SpcQuery) => request<SpcResponse>("GET", spcPath(q)),
    /** The series list if it was preloaded and has arrived; no request. */
    preloadedSeries: () =>
      takeArrivedPreload<SeriesInfo[]>(baseUrl + SERIES_PATH),
    /** The chart's answer if it was preloaded and has arrived; no request. */
    preloadedSpc: (q: SpcQuery) =>
      takeArrivedPreload<SpcResponse>(baseUrl + spcPath(q)),
    violations: (q: ViolationQuery = {}) =>
      request<Violation[]>("GET", `/api/violations${buildQuery({ ...q })}`),
    violation: (id: number) =>
      request<Violation>("GET", `/api/violations/${id}`),
    acknowledge: (id: number, by: string, note: string) =>
      request<Violation>(
        "POST",
        `/api/violations/${id}/acknowledge`,
        workflowBody("acknowledged_by", by, note),
      ),
    resolve: (id: number, by: string, note: string) =>
      request<Violation>(
        "POST",
        `/api/violations/${id}/resolve`,
        workflowBody("resolved_by", by, note),
      ),
    system: () => request<SystemInfo>("GET", "/api/system"),
    /** The host readings the server kept (2 s apart), oldest first. */
    systemHistory: () => request<SystemInfo[]>("GET", "/api/system/history"),
    mutes: () => request<Mute[]>("GET", "/api/mutes"),
    addMute: (mute: NewMute) => request<Mute>("POST", "/api/mutes", mute),
    deleteMute: (id: number) => request<unknown>("DELETE", `/api/mutes/${id}`),
    models: () => request<ModelTarget[]>("GET", "/api/models"),
    addModel: (target: NewModelTarget) =>
      request<ModelTarget>("POST", "/api/models", target),
    updateModel: (id: number, change: Partial<NewModelTarget>) =>
      request<ModelTarget>("PUT", `/api/models/${id}`, change),
    deleteModel: (id: number) =>
      request<unknown>("DELETE", `/api/models/${id}`),
    probeModel: (id: number) =>
      request<ProbeReport>("POST", `/api/models/${id}/probe`),
    settings: () => request<SettingsMap>("GET", "/api/settings"),
    putSetting: (key: string, value: unknown) =>
      request<unknown>("PUT", `/api/settings/${encodeURIComponent(key)}`, {
        value,
      }),
    testAlert: (channel: string) =>
      request<Record<string, unknown>>("POST", "/api/alerts/test", {
        channel,
      }),
    alerts: (violationId: number) =>
      request<AlertDelivery[] | { deliveries?: AlertDelivery[] }>(
        "GET",
        `/api/alerts${buildQuery({ violation_id: violationId })}`,
      ),
    baselines: () => request<Baseline[]>("GET", "/api/baselines"),
    freezeBaseline: (b: BaselineRequest) =>
      request<Baseline>("POST", "/api/baselines", b),
    releaseBaseline: (id: number) =>
      request<unknown>("DELETE", `/api/baselines/${id}`),
    /** The body of a CSV export route as a Blob, for a file download. */
    download: async (path: string) => (await raw(path)).blob(),
    /** The open live stream's response (read its body incrementally). */
    stream: (signal: AbortSignal) => raw("/api/stream", signal),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
