import type { ApiClient } from "../api/client";
import { Panel } from "../ui/Panel";
import { formatPercent, formatTime } from "./format";
import { useLive } from "../live/LiveContext";
import { usePolling } from "./usePolling";

function Gauge({
  label,
  value,
}: {
  label: string;
  value: number | null | undefined;
}) {
  const width = Math.min(Math.max(value ?? 0, 0), 100);
  return (
    <div>
      <div className="flex justify-between text-xs text-slate-300">
        <span>{label}</span>
        <span className="font-mono tabular-nums">{formatPercent(value)}</span>
      </div>
      <div className="mt-1 h-2 rounded bg-slate-800" aria-hidden="true">
        <div
          className="h-2 rounded bg-sky-500"
          style={{ width: `${width}%` }}
        />
      </div>
    </div>
  );
}

/** Host CPU, memory and (when present) GPU, live from the stream. */
export function SystemPanel({ client }: { client: ApiClient }) {
  const first = usePolling(() => client.system(), "system", 60_000);
  const { systemHistory } = useLive();
  const streamed = systemHistory.at(-1);
  const data = streamed ? { ...first.data, ...streamed } : first.data;
  const error = first.error;
  return (
    <Panel title="Host" id="system">
      {error && <p className="mb-2 text-xs text-rose-300">{error}</p>}
      <div className="space-y-3">
        <Gauge label="CPU" value={data?.cpu} />
        <Gauge label="Memory" value={data?.memory} />
        {data?.gpu_available && (
          <>
            <Gauge label="GPU" value={data.gpu} />
            <Gauge label="GPU memory" value={data.gpu_memory} />
          </>
        )}
      </div>
      {data && (
        <p className="mt-3 text-xs text-slate-400">
          {[data.system, data.release].filter(Boolean).join(" ")} ·{" "}
          {formatTime(data.timestamp)}
        </p>
      )}
    </Panel>
  );
}
