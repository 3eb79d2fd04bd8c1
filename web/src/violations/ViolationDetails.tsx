import { useEffect, useState } from "react";
import type { ApiClient } from "../api/client";
import type { Violation } from "../api/types";
import {
  formatMetric,
  formatNumber0,
  formatPercent,
  formatSigma,
  formatTime,
} from "../dashboard/format";
import { BUTTON_QUIET } from "../ui/styles";
import { ActionForm } from "./ActionForm";
import { deliveriesOf } from "./episode";
import { EpisodeChart } from "./EpisodeChart";
import { attemptsText, violationValue } from "./status";
import { WorkflowBadge } from "./WorkflowBadge";

interface DetailsProps {
  client: ApiClient;
  violation: Violation;
  onChanged: (updated: Violation) => void;
  onClose: () => void;
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex justify-between gap-4 border-b border-slate-800 py-1">
      <dt className="text-slate-400">{label}</dt>
      <dd className="text-right font-mono tabular-nums text-slate-100">
        {value}
      </dd>
    </div>
  );
}

/** The frozen statistics of one episode, and its workflow actions. */
export function ViolationDetails({
  client,
  violation,
  onChanged,
  onClose,
}: DetailsProps) {
  const [v, setV] = useState(violation);

  // The list may be a poll behind; read this one fresh once on open.
  useEffect(() => {
    let stopped = false;
    client
      .violation(violation.id)
      .then((fresh) => !stopped && setV(fresh))
      .catch(() => undefined);
    return () => {
      stopped = true;
    };
  }, [client, violation.id]);
  useEffect(() => setV(violation), [violation]);

  // The workflow answers carry no deliveries: keep the ones read on open.
  const apply = (updated: Violation) => {
    const merged = { ...updated, alerts: updated.alerts ?? v.alerts };
    setV(merged);
    onChanged(merged);
  };
  const m = v.metric;
  const tel = (x: number | null) => formatPercent(x);

  return (
    <section
      aria-labelledby="violation-title"
      className="rounded-lg border border-slate-600 bg-slate-900 p-4"
      data-testid="violation-details"
    >
      <div className="mb-3 flex items-start justify-between gap-2">
        <h3 id="violation-title" className="font-semibold">
          Violation #{v.id}: {v.rule} on {v.provider} / {v.model} ({m})
        </h3>
        <button type="button" className={BUTTON_QUIET} onClick={onClose}>
          Close
        </button>
      </div>
      <p className="mb-2 flex gap-2 text-sm">
        <WorkflowBadge violation={v} />
        <span className="text-slate-300">episode {v.state}</span>
      </p>
      <dl className="text-sm">
        <Row label="Value" value={formatMetric(violationValue(v), m)} />
        <Row label="Deviation" value={formatSigma(v.deviation_sigma)} />
        <Row label="Center (CL)" value={formatMetric(v.mean_ms, m)} />
        <Row label="Sigma" value={formatMetric(v.std_ms, m)} />
        <Row label="UCL" value={formatMetric(v.ucl_ms, m)} />
        <Row label="LCL" value={formatMetric(v.lcl_ms, m)} />
        <Row label="Opened at" value={formatTime(v.timestamp)} />
        <Row label="First point" value={formatTime(v.first_timestamp)} />
        <Row label="Last point" value={formatTime(v.last_timestamp)} />
        <Row label="Points" value={formatNumber0(v.points)} />
        <Row label="State" value={v.state} />
        <Row label="Host CPU" value={tel(v.cpu_percent)} />
        <Row label="Host memory" value={tel(v.memory_percent)} />
        <Row label="GPU" value={tel(v.gpu_percent)} />
        <Row label="GPU memory" value={tel(v.gpu_memory_percent)} />
      </dl>

      <h4 className="mt-4 mb-1 text-xs font-semibold uppercase text-slate-300">
        The episode, with the limits it was judged against
      </h4>
      <EpisodeChart client={client} violation={v} />

      <h4 className="mt-4 mb-1 text-xs font-semibold uppercase text-slate-300">
        Alert deliveries
      </h4>
      {deliveriesOf(v).length === 0 ? (
        <p className="text-sm text-slate-300" data-testid="no-alerts">
          No alerts were sent for this episode.
        </p>
      ) : (
        <ul className="text-sm" data-testid="alert-list">
          {deliveriesOf(v).map((d) => (
            <li key={d.id} className="border-b border-slate-800 py-1">
              {d.channel} · {d.event ?? "alert"} · <strong>{d.status}</strong>
              {d.attempts ? ` · ${attemptsText(d.attempts.length)}` : ""}
              {d.last_error ? ` · ${d.last_error}` : ""}
            </li>
          ))}
        </ul>
      )}

      <div className="mt-4 space-y-4">
        {v.is_acknowledged ? (
          <p className="text-sm text-amber-200" data-testid="ack-info">
            Acknowledged by {v.acknowledged_by ?? "?"} at{" "}
            {formatTime(v.acknowledged_at)}
            {v.note ? ` — “${v.note}”` : ""}
          </p>
        ) : (
          <ActionForm
            action="acknowledge"
            nameRequired
            onSubmit={async (by, note) =>
              apply(await client.acknowledge(v.id, by, note))
            }
          />
        )}
        {v.resolved_at ? (
          <p className="text-sm text-emerald-200" data-testid="resolve-info">
            Resolved by {v.resolved_by || "?"} at {formatTime(v.resolved_at)}
          </p>
        ) : (
          <ActionForm
            // Remount after acknowledging so the name just used is offered.
            key={`resolve-${v.is_acknowledged}`}
            action="resolve"
            nameRequired={false}
            onSubmit={async (by, note) =>
              apply(await client.resolve(v.id, by, note))
            }
          />
        )}
      </div>
    </section>
  );
}
