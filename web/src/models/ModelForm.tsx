import { useState, type FormEvent } from "react";
import type { NewModelTarget, ProviderKind } from "../api/types";
import { SELECT } from "../ui/SelectField";
import { BUTTON, BUTTON_QUIET, INPUT, LABEL } from "../ui/styles";
import { draftBody, PROVIDERS, type ModelDraft } from "./modelForm";

interface ModelFormProps {
  title: string;
  initial: ModelDraft;
  submitLabel: string;
  onSubmit: (body: NewModelTarget) => Promise<void>;
  onCancel?: () => void;
}

const FIELDS: { key: keyof ModelDraft; label: string; hint?: string }[] = [
  { key: "name", label: "Name", hint: "default provider/model" },
  { key: "base_url", label: "Base URL" },
  { key: "model", label: "Model" },
  { key: "interval_s", label: "Interval (s)" },
  {
    key: "api_key_env",
    label: "API key variable",
    hint: "name of the server's environment variable",
  },
];

/** Add or edit a monitored model. */
export function ModelForm(props: ModelFormProps) {
  const [d, setD] = useState(props.initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = props.title.toLowerCase().replace(/\W+/g, "-");

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = draftBody(d);
    if (typeof body === "string") return setError(body);
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit(body);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      onSubmit={submit}
      aria-label={props.title}
      className="space-y-2"
      noValidate
    >
      <h3 className="text-sm font-semibold text-slate-100">{props.title}</h3>
      <div>
        <label htmlFor={`${id}-provider`} className={LABEL}>
          Provider
        </label>
        <select
          id={`${id}-provider`}
          className={`${SELECT} w-full`}
          value={d.provider}
          onChange={(e) =>
            setD({ ...d, provider: e.target.value as ProviderKind })
          }
        >
          {PROVIDERS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      {FIELDS.map((f) => (
        <div key={f.key}>
          <label htmlFor={`${id}-${f.key}`} className={LABEL}>
            {f.label}
            {f.hint ? (
              <span className="font-normal text-slate-400"> ({f.hint})</span>
            ) : null}
          </label>
          <input
            id={`${id}-${f.key}`}
            className={`${INPUT} mt-1`}
            value={d[f.key]}
            onChange={(e) => setD({ ...d, [f.key]: e.target.value })}
          />
        </div>
      ))}
      {error && (
        <p role="alert" className="text-sm text-rose-300">
          {error}
        </p>
      )}
      <div className="flex gap-2">
        <button type="submit" className={BUTTON} disabled={busy}>
          {props.submitLabel}
        </button>
        {props.onCancel && (
          <button
            type="button"
            className={BUTTON_QUIET}
            onClick={props.onCancel}
          >
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
