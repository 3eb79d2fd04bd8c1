import type { ProbeReport } from "../api/types";
import { formatNumber } from "../dashboard/format";
import { TIMING_ROWS } from "./modelForm";

/** The full timing breakdown of one probe, phase by phase. */
export function ProbeResult({
  name,
  report,
}: {
  name: string;
  report: ProbeReport;
}) {
  const timing = report.timing ?? {};
  return (
    <section
      aria-label={`Probe of ${name}`}
      data-testid="probe-result"
      className="rounded-lg border border-slate-600 bg-slate-950 p-3"
    >
      <h3 className="mb-2 text-sm font-semibold">
        Probe of {name}:{" "}
        {report.success ? (
          <span className="text-emerald-300">succeeded</span>
        ) : (
          <span className="text-rose-300">
            failed ({report.error_kind ?? "error"}
            {report.http_status ? `, HTTP ${report.http_status}` : ""})
          </span>
        )}
      </h3>
      {report.error && (
        <p className="mb-2 text-sm text-rose-200">{report.error}</p>
      )}
      <table className="text-sm">
        <tbody>
          {TIMING_ROWS.map((r) => (
            <tr key={r.key}>
              <th
                scope="row"
                className="pr-4 text-left font-normal text-slate-300"
              >
                {r.label}
              </th>
              <td className="text-right font-mono tabular-nums">
                {timing[r.key] === null || timing[r.key] === undefined
                  ? "—"
                  : `${formatNumber(timing[r.key])} ms`}
              </td>
            </tr>
          ))}
          <tr>
            <th
              scope="row"
              className="pr-4 text-left font-normal text-slate-300"
            >
              Output tokens
            </th>
            <td className="text-right font-mono">
              {report.output_tokens ?? "—"}
            </td>
          </tr>
          <tr>
            <th
              scope="row"
              className="pr-4 text-left font-normal text-slate-300"
            >
              Tokens/s
            </th>
            <td className="text-right font-mono">
              {formatNumber(report.tokens_per_s)}
            </td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}
