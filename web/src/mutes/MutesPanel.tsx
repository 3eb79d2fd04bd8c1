import { useState, type FormEvent } from "react";
import type { ApiClient } from "../api/client";
import { formatTime } from "../dashboard/format";
import { usePolling } from "../dashboard/usePolling";
import { Panel } from "../ui/Panel";
import { UtcTimeField } from "../ui/UtcTimeField";
import { BUTTON, BUTTON_QUIET, INPUT, LABEL } from "../ui/styles";
import { EMPTY_MUTE, muteBody, muteScope, type MuteDraft } from "./mutes";

function TextField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  type?: string;
}) {
  return (
    <div>
      <label htmlFor={props.id} className={LABEL}>
        {props.label}
      </label>
      <input
        id={props.id}
        type={props.type ?? "text"}
        className={`${INPUT} mt-1`}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}

/**
 * Alert mutes (GET/POST/DELETE /api/mutes): the ones not yet ended, a form
 * to silence a model for a while, and a delete button per mute. The
 * server's refusals are shown as it words them.
 */
export function MutesPanel({ client }: { client: ApiClient }) {
  const mutes = usePolling(() => client.mutes(), "mutes", 30_000);
  const [draft, setDraft] = useState<MuteDraft>(EMPTY_MUTE);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const set = (k: keyof MuteDraft) => (v: string) =>
    setDraft((d) => ({ ...d, [k]: v }));

  const act = async (what: () => Promise<string>) => {
    setError(null);
    setStatus(null);
    try {
      setStatus(await what());
      mutes.refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const add = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      const m = await client.addMute(muteBody(draft));
      setDraft(EMPTY_MUTE);
      return `Muted ${muteScope(m)} until ${formatTime(m.ends_at)}.`;
    });
  };

  const list = mutes.data ?? [];
  return (
    <Panel title="Alert mutes" id="mutes">
      <p className="mb-3 text-sm text-slate-300">
        While a mute is on, violations of the model still open and are listed,
        but no alert is sent (maintenance, a known outage).
      </p>
      {(error ?? mutes.error) && (
        <p role="alert" className="mb-2 text-sm text-rose-300">
          {error ?? mutes.error}
        </p>
      )}
      {status && (
        <p role="status" className="mb-2 text-sm text-emerald-200">
          {status}
        </p>
      )}
      {list.length === 0 ? (
        <p className="mb-3 text-sm text-slate-300" data-testid="mute-empty">
          {mutes.data ? "No mutes in force or planned." : "Loading…"}
        </p>
      ) : (
        <table className="mb-4 w-full text-left text-sm">
          <thead className="text-xs text-slate-300">
            <tr>
              <th className="py-1 pr-3 font-medium">Scope</th>
              <th className="py-1 pr-3 font-medium">From</th>
              <th className="py-1 pr-3 font-medium">Until</th>
              <th className="py-1 pr-3 font-medium">Reason</th>
              <th className="py-1 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((m) => (
              <tr
                key={m.id}
                data-testid="mute-row"
                className="border-t border-slate-800 text-slate-100"
              >
                <td className="py-1.5 pr-3">{muteScope(m)}</td>
                <td className="py-1.5 pr-3">{formatTime(m.starts_at)}</td>
                <td className="py-1.5 pr-3">{formatTime(m.ends_at)}</td>
                <td className="py-1.5 pr-3">{m.reason ?? ""}</td>
                <td className="py-1.5 text-right">
                  <button
                    type="button"
                    className={BUTTON_QUIET}
                    aria-label={`Delete mute of ${muteScope(m)}`}
                    onClick={() =>
                      void act(async () => {
                        await client.deleteMute(m.id);
                        return `Mute of ${muteScope(m)} deleted.`;
                      })
                    }
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        aria-label="New mute"
        className="grid gap-3 md:grid-cols-3"
        onSubmit={add}
      >
        <TextField
          id="mute-model"
          label="Model"
          value={draft.model}
          onChange={set("model")}
        />
        <TextField
          id="mute-provider"
          label="Provider (empty: any)"
          value={draft.provider}
          onChange={set("provider")}
        />
        <TextField
          id="mute-reason"
          label="Reason"
          value={draft.reason}
          onChange={set("reason")}
        />
        <UtcTimeField
          id="mute-starts"
          label="Starts (empty: now)"
          value={draft.startsAt}
          onChange={set("startsAt")}
        />
        <TextField
          id="mute-minutes"
          label="For minutes"
          type="number"
          value={draft.minutes}
          onChange={set("minutes")}
        />
        <UtcTimeField
          id="mute-ends"
          label="Or until"
          value={draft.endsAt}
          onChange={set("endsAt")}
        />
        <div className="md:col-span-3">
          <button type="submit" className={BUTTON}>
            Add mute
          </button>
        </div>
      </form>
    </Panel>
  );
}
