import { useState, type FormEvent } from "react";
import type { ApiClient } from "../api/client";
import type { ModelTarget, NewModelTarget } from "../api/types";
import { BUTTON, INPUT, LABEL } from "../ui/styles";

interface AddModelFormProps {
  client: ApiClient;
  onAdded: (target: ModelTarget) => void;
}

const EMPTY = { name: "", base_url: "", model: "", api_key_env: "" };

/** Adds an OpenAI-compatible endpoint as a probe target (POST /api/models). */
export function AddModelForm({ client, onAdded }: AddModelFormProps) {
  const [fields, setFields] = useState(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const set = (name: keyof typeof EMPTY) => (value: string) =>
    setFields((f) => ({ ...f, [name]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing = (["name", "base_url", "model"] as const).filter(
      (k) => !fields[k].trim(),
    );
    if (missing.length > 0) {
      setError(`Fill in: ${missing.join(", ")}.`);
      return;
    }
    const body: NewModelTarget = {
      name: fields.name.trim(),
      provider: "openai",
      base_url: fields.base_url.trim(),
      model: fields.model.trim(),
    };
    if (fields.api_key_env.trim()) {
      body.api_key_env = fields.api_key_env.trim();
    }
    setError(null);
    try {
      const added = await client.addModel(body);
      setDone(`Added “${added.name}”; the first probe is on its way.`);
      setFields(EMPTY);
      onAdded(added);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const field = (
    name: keyof typeof EMPTY,
    label: string,
    placeholder: string,
    type = "text",
  ) => (
    <div>
      <label htmlFor={`model-${name}`} className={LABEL}>
        {label}
      </label>
      <input
        id={`model-${name}`}
        type={type}
        className={`${INPUT} mt-1`}
        placeholder={placeholder}
        value={fields[name]}
        onChange={(e) => set(name)(e.target.value)}
      />
    </div>
  );

  return (
    <form
      onSubmit={submit}
      className="space-y-2"
      aria-label="Add an OpenAI-compatible endpoint"
    >
      {field("name", "Name", "vllm-local")}
      {field("base_url", "Base URL", "http://127.0.0.1:8000")}
      {field("model", "Model", "meta-llama/Llama-3.2-1B-Instruct")}
      {field(
        "api_key_env",
        "Server variable holding its API key (optional)",
        "OPENAI_API_KEY",
      )}
      <p className="text-xs text-slate-400">
        The server reads the key from that environment variable; the key itself
        never passes through the dashboard.
      </p>
      {error && (
        <p role="alert" className="text-sm text-rose-300">
          {error}
        </p>
      )}
      {done && (
        <p role="status" className="text-sm text-emerald-300">
          {done}
        </p>
      )}
      <button type="submit" className={BUTTON}>
        Add endpoint
      </button>
    </form>
  );
}
