/** The time windows the dashboard offers, shortest first. */
export const TIME_WINDOWS = [
  { id: "1h", label: "1 h", hours: 1 },
  { id: "6h", label: "6 h", hours: 6 },
  { id: "24h", label: "24 h", hours: 24 },
  { id: "7d", label: "7 d", hours: 24 * 7 },
] as const;

export type WindowId = (typeof TIME_WINDOWS)[number]["id"];

/** 24 h, the server's own default for /api/stats/spc. */
export const DEFAULT_WINDOW: WindowId = "24h";

export function isWindowId(text: string): text is WindowId {
  return TIME_WINDOWS.some((w) => w.id === text);
}

/** The `hours` query parameter for a window. */
export function windowHours(id: WindowId): number {
  const found = TIME_WINDOWS.find((w) => w.id === id);
  if (!found) throw new Error(`unknown time window: ${id}`);
  return found.hours;
}

/** A window id from untrusted text (URL, storage), else the default. */
export function parseWindow(text: string | null | undefined): WindowId {
  const trimmed = text?.trim().toLowerCase() ?? "";
  return isWindowId(trimmed) ? trimmed : DEFAULT_WINDOW;
}

/** A custom range of the chart, as Unix milliseconds. */
export interface CustomRange {
  fromMs: number;
  toMs: number;
}

/** How to ask the chart route for a custom range, and the x axis it fixes. */
export interface CustomRangeQuery {
  since: string;
  until: string;
  /** The x axis of the chart, in Unix seconds. */
  xRange: [number, number];
}

/**
 * The chart query of a custom range: exactly `from`..`to` (the server
 * reads no sample outside it). Null when the range is unusable: not a
 * time, empty, or starting in the future.
 */
export function customRangeQuery(
  range: CustomRange,
  nowMs: number,
): CustomRangeQuery | null {
  const { fromMs, toMs } = range;
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) return null;
  if (toMs <= fromMs || fromMs >= nowMs) return null;
  return {
    since: new Date(fromMs).toISOString(),
    until: new Date(toMs).toISOString(),
    xRange: [fromMs / 1000, toMs / 1000],
  };
}

/** "2026-12-04T15:00" (a datetime-local value) read as UTC; NaN if bad. */
export function parseUtcInput(text: string): number {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text)
    ? Date.parse(`${text}Z`)
    : Number.NaN;
}

/** The datetime-local value of a time, in UTC, to the minute. */
export function utcInputValue(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}
