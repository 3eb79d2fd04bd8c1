import type { SettingInfo, SettingsMap } from "../api/types";

/** Secrets come back masked; sending the mask keeps the stored value. */
export const MASK = "********";

export type SettingValue = string | number | boolean | null;

/** Which settings each wizard step edits, by key. */
export const STEP_KEYS = {
  email: (k: string) => /email|smtp/.test(k),
  slack: (k: string) => /slack/.test(k),
  rules: (k: string) =>
    k === "alert_on_rule" ||
    k === "spc_preset" ||
    k === "episode_close_after" ||
    /^spc_.*_enabled$/.test(k) ||
    k === "error_rate_enabled",
} as const;

/**
 * The typed value of what was typed into a setting's field, or an error
 * naming the setting.
 */
export function coerce(
  key: string,
  info: SettingInfo,
  text: string | boolean,
): SettingValue | { error: string } {
  if (info.type === "boolean") return Boolean(text);
  const s = String(text).trim();
  if (info.type === "number" || info.type === "integer") {
    const n = Number(s);
    if (s === "" || !Number.isFinite(n))
      return { error: `${key}: must be a number` };
    if (info.type === "integer" && !Number.isInteger(n))
      return { error: `${key}: must be a whole number` };
    return n;
  }
  return String(text);
}

/** The drafted values that differ from what the server holds. */
export function changedEntries(
  settings: SettingsMap,
  draft: Record<string, SettingValue>,
): [string, SettingValue][] {
  return Object.entries(draft).filter(([key, value]) => {
    const info = settings[key];
    if (!info) return false;
    if (info.secret && (value === MASK || value === "")) return false;
    return value !== info.value;
  });
}

/** How a value reads on the review step; secrets never show. */
export function displayValue(info: SettingInfo, value: SettingValue): string {
  if (info.secret) return value ? "(set)" : "(not set)";
  if (value === null || value === "") return "(empty)";
  return String(value);
}
