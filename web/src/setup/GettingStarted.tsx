import { useMemo } from "react";
import type { ApiClient } from "../api/client";
import { usePolling } from "../dashboard/usePolling";
import { Panel } from "../ui/Panel";
import { AddModelForm } from "./AddModelForm";
import { OLLAMA_STEPS, curlSampleExample } from "./examples";

function Code({ text, label }: { text: string; label: string }) {
  return (
    <pre
      aria-label={label}
      tabIndex={0}
      className="overflow-x-auto rounded-md bg-slate-950 p-3 text-xs break-all whitespace-pre-wrap text-emerald-200"
    >
      {text}
    </pre>
  );
}

/** First screen while there is no data: three ways to get some. */
export function GettingStarted({
  client,
  hasData,
}: {
  client: ApiClient;
  hasData: boolean;
}) {
  const models = usePolling(() => client.models(), "models", 5000);
  const curl = useMemo(
    () => curlSampleExample(window.location.origin, new Date()),
    [],
  );

  return (
    <div className="space-y-4">
      {!hasData && (
        <div className="rounded-lg border border-sky-800 bg-sky-950 p-4 text-sky-100">
          <h2 className="text-lg font-semibold">No data yet</h2>
          <p className="text-sm">
            Connect a model in one of the three ways below. The chart appears
            here as soon as the first sample arrives.
          </p>
        </div>
      )}
      <div className="grid gap-4 lg:grid-cols-3">
        <Panel title="1. A local model with Ollama">
          <p className="mb-2 text-sm text-slate-300">
            Start Ollama, pull a small model, and start LLMscope with Ollama
            probing switched on:
          </p>
          <Code text={OLLAMA_STEPS} label="Ollama commands" />
        </Panel>
        <Panel title="2. An OpenAI-compatible endpoint">
          <p className="mb-2 text-sm text-slate-300">
            vLLM, llama.cpp server, LM Studio, TGI, OpenAI, Groq…
          </p>
          <AddModelForm client={client} onAdded={() => models.refresh()} />
        </Panel>
        <Panel title="3. Post your own samples">
          <p className="mb-2 text-sm text-slate-300">
            Report the latency of your own traffic to /api/stats, one sample or
            a JSON array:
          </p>
          <Code text={curl} label="curl example" />
        </Panel>
      </div>
      {models.data && models.data.length > 0 && (
        <Panel title="Monitored models">
          <ul className="space-y-1 text-sm">
            {models.data.map((m) => (
              <li key={m.id}>
                <span className="font-medium">{m.name}</span>{" "}
                <span className="text-slate-400">
                  {m.provider} · {m.model} · {m.base_url}
                  {m.enabled === false ? " · disabled" : ""}
                </span>
              </li>
            ))}
          </ul>
        </Panel>
      )}
    </div>
  );
}
