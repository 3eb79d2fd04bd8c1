import { useState } from "react";
import type { ApiClient } from "../api/client";
import type { ModelTarget, ProbeReport } from "../api/types";
import { usePolling } from "../dashboard/usePolling";
import { Panel } from "../ui/Panel";
import { BUTTON_QUIET } from "../ui/styles";
import { draftOf, emptyDraft } from "./modelForm";
import { ModelForm } from "./ModelForm";
import { ProbeResult } from "./ProbeResult";

/** The monitored models: add, edit, disable, delete, probe now. */
export function ModelsPage({ client }: { client: ApiClient }) {
  const models = usePolling(() => client.models(), "models", 10_000);
  const [editing, setEditing] = useState<ModelTarget | null>(null);
  const [probe, setProbe] = useState<{
    name: string;
    report?: ProbeReport;
    busy: boolean;
  } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);

  const act = async (what: () => Promise<unknown>) => {
    setError(null);
    try {
      await what();
      models.refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const probeNow = async (m: ModelTarget) => {
    setProbe({ name: m.name, busy: true });
    try {
      setProbe({
        name: m.name,
        busy: false,
        report: await client.probeModel(m.id),
      });
    } catch (e) {
      setProbe(null);
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const list = models.data ?? [];
  return (
    <div className="grid gap-4 xl:grid-cols-[1fr_24rem]">
      <Panel title="Monitored models" id="models">
        {(error ?? models.error) && (
          <p role="alert" className="mb-2 text-sm text-rose-300">
            {error ?? models.error}
          </p>
        )}
        {list.length === 0 ? (
          <p className="text-sm text-slate-300">
            {models.data ? "No models yet: add one." : "Loading…"}
          </p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-slate-300">
              <tr>
                <th className="py-1 pr-2">Name</th>
                <th className="py-1 pr-2">Provider</th>
                <th className="py-1 pr-2">Endpoint</th>
                <th className="py-1 pr-2">Every</th>
                <th className="py-1 pr-2">State</th>
                <th className="py-1">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.map((m) => (
                <tr
                  key={m.id}
                  data-testid="model-row"
                  className="border-t border-slate-800 align-top"
                >
                  <td className="py-1 pr-2">{m.name}</td>
                  <td className="py-1 pr-2">{m.provider}</td>
                  <td className="py-1 pr-2 break-all text-slate-300">
                    {m.base_url} · {m.model}
                  </td>
                  <td className="py-1 pr-2">{m.interval_s ?? "—"} s</td>
                  <td className="py-1 pr-2" data-testid="model-state">
                    {m.enabled === false ? "disabled" : "enabled"}
                  </td>
                  <td className="flex flex-wrap gap-1 py-1">
                    <button
                      type="button"
                      className={BUTTON_QUIET}
                      onClick={() => setEditing(m)}
                      aria-label={`Edit ${m.name}`}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className={BUTTON_QUIET}
                      aria-label={`${m.enabled === false ? "Enable" : "Disable"} ${m.name}`}
                      onClick={() =>
                        void act(() =>
                          client.updateModel(m.id, {
                            enabled: m.enabled === false,
                          }),
                        )
                      }
                    >
                      {m.enabled === false ? "Enable" : "Disable"}
                    </button>
                    <button
                      type="button"
                      className={BUTTON_QUIET}
                      aria-label={`Probe ${m.name} now`}
                      disabled={probe?.busy}
                      onClick={() => void probeNow(m)}
                    >
                      Probe now
                    </button>
                    <button
                      type="button"
                      className={`${BUTTON_QUIET} border-rose-700 text-rose-200`}
                      aria-label={`Delete ${m.name}`}
                      onClick={() => {
                        if (confirm(`Delete ${m.name}? Its samples stay.`))
                          void act(() => client.deleteModel(m.id));
                      }}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {probe && (
          <div className="mt-4">
            {probe.busy ? (
              <p role="status" className="text-sm text-slate-200">
                Probing {probe.name}…
              </p>
            ) : (
              probe.report && (
                <ProbeResult name={probe.name} report={probe.report} />
              )
            )}
          </div>
        )}
      </Panel>
      <Panel title={editing ? "Edit model" : "Add a model"} id="model-form">
        {editing ? (
          <ModelForm
            key={`edit-${editing.id}`}
            title={`Edit ${editing.name}`}
            initial={draftOf(editing)}
            submitLabel="Save"
            onCancel={() => setEditing(null)}
            onSubmit={async (body) => {
              await client.updateModel(editing.id, body);
              setEditing(null);
              models.refresh();
            }}
          />
        ) : (
          <ModelForm
            key={`add-${formKey}`}
            title="New model"
            initial={emptyDraft()}
            submitLabel="Add model"
            onSubmit={async (body) => {
              await client.addModel(body);
              setFormKey((k) => k + 1);
              models.refresh();
            }}
          />
        )}
      </Panel>
    </div>
  );
}
