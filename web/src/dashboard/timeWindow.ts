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
