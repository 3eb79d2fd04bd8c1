import { useEffect, useState } from "react";
import type { ApiClient } from "../api/client";
import type { SettingsMap } from "../api/types";
import { changedEntries, coerce, type SettingValue } from "./draft";

/** The server's settings, a local draft of changes, and saving them. */
export function useSettingsDraft(client: ApiClient) {
  const [settings, setSettings] = useState<SettingsMap | null>(null);
  const [draft, setDraft] = useState<Record<string, SettingValue>>({});
  const [error, setError] = useState<string | null>(null);

  const load = () =>
    client
      .settings()
      .then((s) => {
        setSettings(s);
        setDraft({});
      })
      .catch((e: unknown) =>
        setError(e instanceof Error ? e.message : String(e)),
      );
  useEffect(() => {
    void load();
  }, [client]);

  const valueOf = (key: string): SettingValue =>
    key in draft ? (draft[key] ?? null) : (settings?.[key]?.value ?? null);

  const change = (key: string, text: string | boolean) => {
    const info = settings?.[key];
    if (!info) return;
    const typed = coerce(key, info, text);
    // Keep the text while it is not yet a valid number.
    setDraft({
      ...draft,
      [key]: typeof typed === "object" && typed !== null ? String(text) : typed,
    });
  };

  /** PUTs every change; true when all were accepted. */
  const save = async (): Promise<boolean> => {
    if (!settings) return false;
    setError(null);
    for (const [key, value] of changedEntries(settings, draft)) {
      const typed = coerce(key, settings[key]!, value as string | boolean);
      if (typeof typed === "object" && typed !== null) {
        setError(typed.error);
        return false;
      }
      try {
        await client.putSetting(key, typed);
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
        return false;
      }
    }
    await load();
    return true;
  };

  return { settings, draft, error, valueOf, change, save };
}

/** What useSettingsDraft gives: the settings, the edits, and how to save. */
export type SettingsDraft = ReturnType<typeof useSettingsDraft>;
