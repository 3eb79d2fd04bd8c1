import type { SpcResponse } from "../api/types";
import { Panel } from "../ui/Panel";
import { summaryFigures } from "./format";

/** Count, mean, sigma, percentiles, error rate and the limits. */
export function SummaryPanel({ spc }: { spc: SpcResponse | undefined }) {
  return (
    <Panel title="Summary" id="summary">
      {!spc ? (
        <p className="text-sm text-slate-400">Loading…</p>
      ) : (
        <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
          {summaryFigures(spc).map((f) => (
            <div key={f.id} data-testid={`figure-${f.id}`}>
              <dt className="text-xs text-slate-400">{f.label}</dt>
              <dd className="font-mono tabular-nums text-slate-100">
                {f.value}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </Panel>
  );
}
