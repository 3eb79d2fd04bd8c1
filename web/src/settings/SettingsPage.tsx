import { useState } from "react";
import type { ApiClient } from "../api/client";
import { MutesPanel } from "../mutes/MutesPanel";
import { Panel } from "../ui/Panel";
import { BUTTON, BUTTON_QUIET } from "../ui/styles";
import { changedEntries } from "./draft";
import { SettingFields } from "./SettingField";
import { useSettingsDraft } from "./useSettingsDraft";

interface SettingsPageProps {
  client: ApiClient;
  onOpenWizard: () => void;
}

/**
 * Alert mutes, every run-time setting, and the way back into the setup
 * wizard.
 */
export function SettingsPage({ client, onOpenWizard }: SettingsPageProps) {
  const s = useSettingsDraft(client);
  const [saved, setSaved] = useState<string | null>(null);
  const keys = Object.keys(s.settings ?? {}).sort();
  const changes = s.settings ? changedEntries(s.settings, s.draft).length : 0;

  return (
    <div className="space-y-4">
      <MutesPanel client={client} />
      <Panel
        title="Settings"
        id="settings"
        actions={
          <button type="button" className={BUTTON_QUIET} onClick={onOpenWizard}>
            Open the setup wizard
          </button>
        }
      >
        {!s.settings ? (
          <p className="text-sm text-slate-300">{s.error ?? "Loading…"}</p>
        ) : (
          <form
            className="space-y-4"
            onSubmit={async (e) => {
              e.preventDefault();
              setSaved(null);
              if (await s.save()) setSaved(`Saved ${changes} change(s).`);
            }}
          >
            <SettingFields
              draft={s}
              keys={keys}
              className="grid gap-4 md:grid-cols-2 xl:grid-cols-3"
            />
            <button type="submit" className={BUTTON} disabled={changes === 0}>
              Save changes
            </button>
            {saved && (
              <p role="status" className="text-sm text-emerald-200">
                {saved}
              </p>
            )}
            {s.error && (
              <p role="alert" className="text-sm text-rose-300">
                {s.error}
              </p>
            )}
          </form>
        )}
      </Panel>
    </div>
  );
}
