import type { ModelTarget, NewModelTarget, ProviderKind } from "../api/types";

export const PROVIDERS: { id: ProviderKind; label: string }[] = [
  { id: "ollama", label: "Ollama (/api/generate)" },
  { id: "ollama-chat", label: "Ollama chat (/api/chat)" },
  { id: "openai", label: "OpenAI-compatible (/v1/chat/completions)" },
  { id: "anthropic", label: "Anthropic (/v1/messages)" },
  { id: "http", label: "Plain HTTP" },
];

/** What the model form edits, as text fields. */
export interface ModelDraft {
  name: string;
  provider: ProviderKind;
  base_url: string;
  model: string;
  interval_s: string;
  api_key_env: string;
}

export function emptyDraft(): ModelDraft {
  return {
    name: "",
    provider: "ollama",
    base_url: "http://localhost:11434",
    model: "",
    interval_s: "2",
    api_key_env: "",
  };
}

export function draftOf(m: ModelTarget): ModelDraft {
  return {
    name: m.name,
    provider: (m.provider as ProviderKind) ?? "ollama",
    base_url: m.base_url,
    model: m.model,
    interval_s: String(m.interval_s ?? 2),
    api_key_env: m.api_key_env ?? "",
  };
}

/**
 * The request body for a draft, or the first problem with it (named the
 * way the form labels the field). Blank optional fields are left out.
 */
export function draftBody(d: ModelDraft): NewModelTarget | string {
  if (!d.model.trim()) return "Model is required.";
  if (!/^https?:\/\/\S+$/.test(d.base_url.trim()))
    return "Base URL must start with http:// or https://.";
  const interval = Number(d.interval_s);
  if (!Number.isFinite(interval) || interval < 0.1 || interval > 86400)
    return "Interval must be a number of seconds from 0.1 to 86400.";
  const body: NewModelTarget = {
    name: d.name.trim() || `${d.provider}/${d.model.trim()}`,
    provider: d.provider,
    base_url: d.base_url.trim(),
    model: d.model.trim(),
    interval_s: interval,
  };
  if (d.api_key_env.trim()) body.api_key_env = d.api_key_env.trim();
  return body;
}

/** Timing rows of a probe report, in the order the phases happen. */
export const TIMING_ROWS: { key: string; label: string }[] = [
  { key: "dns_ms", label: "DNS" },
  { key: "connect_ms", label: "TCP connect" },
  { key: "tls_ms", label: "TLS" },
  { key: "first_byte_ms", label: "First byte" },
  { key: "first_chunk_ms", label: "First chunk" },
  { key: "ttft_ms", label: "First token (TTFT)" },
  { key: "first_answer_ms", label: "First answer" },
  { key: "itl_ms", label: "Time per output token" },
  { key: "e2e_ms", label: "Last token (latency)" },
  { key: "total_ms", label: "Stream end" },
  { key: "gap_p50_ms", label: "Gap P50" },
  { key: "gap_p95_ms", label: "Gap P95" },
  { key: "max_stall_ms", label: "Longest stall" },
];
