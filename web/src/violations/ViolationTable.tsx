import type { Violation } from "../api/types";
import { formatMetric, formatSigma, formatTime } from "../dashboard/format";
import { seriesLabel } from "../dashboard/series";
import { violationValue } from "./status";
import { WorkflowBadge } from "./WorkflowBadge";

interface ViolationTableProps {
  list: Violation[];
  openId: number | null;
  onOpen: (v: Violation) => void;
  /** Add the series, metric and episode state columns (all-series lists). */
  wide?: boolean;
}

/** Violations as rows; the rule opens the details. */
export function ViolationTable({
  list,
  openId,
  onOpen,
  wide,
}: ViolationTableProps) {
  return (
    <table className="w-full text-left text-sm">
      <thead className="text-xs text-slate-300">
        <tr>
          <th className="py-1 pr-2">Rule</th>
          {wide && <th className="py-1 pr-2">Series</th>}
          <th className="py-1 pr-2">Opened</th>
          <th className="py-1 pr-2">Value</th>
          <th className="py-1 pr-2">Dev.</th>
          <th className="py-1">Status</th>
        </tr>
      </thead>
      <tbody>
        {list.map((v) => (
          <tr
            key={v.id}
            data-testid="violation-row"
            className={`border-t border-slate-800 ${v.id === openId ? "bg-slate-800" : ""}`}
          >
            <td className="py-1 pr-2">
              <button
                type="button"
                className="font-mono text-sky-300 underline-offset-2 hover:underline"
                aria-label={`Open violation ${v.id} (${v.rule})`}
                onClick={() => onOpen(v)}
              >
                {v.rule}
              </button>
            </td>
            {wide && (
              <td className="py-1 pr-2 text-slate-200">
                {seriesLabel(v)} · {v.metric}
              </td>
            )}
            <td className="py-1 pr-2 text-slate-300">
              {formatTime(v.timestamp)}
            </td>
            <td className="py-1 pr-2 font-mono tabular-nums">
              {formatMetric(violationValue(v), v.metric)}
            </td>
            <td className="py-1 pr-2 font-mono tabular-nums">
              {formatSigma(v.deviation_sigma)}
            </td>
            <td className="py-1">
              <WorkflowBadge violation={v} />
              {wide && (
                <span className="ml-1 text-xs text-slate-300">{v.state}</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
