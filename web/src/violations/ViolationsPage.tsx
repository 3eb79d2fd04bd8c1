import { useState } from "react";
import type { ApiClient } from "../api/client";
import type { SeriesInfo } from "../api/types";
import { seriesId, seriesLabel } from "../dashboard/series";
import { SELECT } from "../dashboard/Controls";
import { saveBlob } from "../ui/download";
import { Panel } from "../ui/Panel";
import { BUTTON_QUIET, LABEL } from "../ui/styles";
import {
  exportPaths,
  filterQuery,
  RULES,
  withinTime,
  type ViolationFilters,
} from "./filters";
import { ViolationDetails } from "./ViolationDetails";
import { ViolationTable } from "./ViolationTable";
import { useViolationList } from "./useViolationList";

const STATES: { id: ViolationFilters["state"]; label: string }[] = [
  { id: "", label: "Any" },
  { id: "open", label: "Open episode" },
  { id: "closed", label: "Closed episode" },
  { id: "unacknowledged", label: "Not acknowledged" },
  { id: "unresolved", label: "Unresolved" },
];
const TIMES = [
  { hours: 1, label: "Last hour" },
  { hours: 24, label: "Last 24 h" },
  { hours: 168, label: "Last 7 d" },
  { hours: 0, label: "Any time" },
];

/** Every violation, filterable, with details, workflow and CSV export. */
export function ViolationsPage({
  client,
  series,
}: {
  client: ApiClient;
  series: SeriesInfo[];
}) {
  const [f, setF] = useState<ViolationFilters>({
    series: null,
    rule: "",
    state: "",
    sinceHours: 0,
  });
  const [exportError, setExportError] = useState<string | null>(null);
  const {
    data,
    error,
    list: all,
    open,
    setOpen,
    onChanged,
  } = useViolationList(client, filterQuery(f));
  const list = withinTime(all, f.sinceHours, Date.now());

  const download = async (which: "violations" | "samples") => {
    setExportError(null);
    try {
      saveBlob(await client.download(exportPaths(f)[which]), `${which}.csv`);
    } catch (e) {
      setExportError(e instanceof Error ? e.message : String(e));
    }
  };

  const filters = (
    <div className="flex flex-wrap items-end gap-3">
      <div>
        <label htmlFor="vf-series" className={LABEL}>
          Model
        </label>
        <select
          id="vf-series"
          className={SELECT}
          value={f.series ? seriesId(f.series) : ""}
          onChange={(e) =>
            setF({
              ...f,
              series:
                series.find((s) => seriesId(s) === e.target.value) ?? null,
            })
          }
        >
          <option value="">All models</option>
          {series.map((s) => (
            <option key={seriesId(s)} value={seriesId(s)}>
              {seriesLabel(s)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="vf-rule" className={LABEL}>
          Rule
        </label>
        <select
          id="vf-rule"
          className={SELECT}
          value={f.rule}
          onChange={(e) => setF({ ...f, rule: e.target.value })}
        >
          <option value="">All rules</option>
          {RULES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="vf-state" className={LABEL}>
          State
        </label>
        <select
          id="vf-state"
          className={SELECT}
          value={f.state}
          onChange={(e) =>
            setF({ ...f, state: e.target.value as ViolationFilters["state"] })
          }
        >
          {STATES.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="vf-time" className={LABEL}>
          Opened
        </label>
        <select
          id="vf-time"
          className={SELECT}
          value={f.sinceHours}
          onChange={(e) => setF({ ...f, sinceHours: Number(e.target.value) })}
        >
          {TIMES.map((t) => (
            <option key={t.hours} value={t.hours}>
              {t.label}
            </option>
          ))}
        </select>
      </div>
      <button
        type="button"
        className={BUTTON_QUIET}
        onClick={() => void download("violations")}
      >
        Export violations CSV
      </button>
      <button
        type="button"
        className={BUTTON_QUIET}
        onClick={() => void download("samples")}
      >
        Export samples CSV
      </button>
    </div>
  );

  return (
    <Panel title="Violations" id="violations" actions={filters}>
      {(error ?? exportError) && (
        <p role="alert" className="mb-2 text-sm text-rose-300">
          {error ?? exportError}
        </p>
      )}
      <p className="mb-2 text-xs text-slate-300" data-testid="violation-count">
        {data
          ? `${list.length} violation${list.length === 1 ? "" : "s"}`
          : "Loading…"}
      </p>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <div className="max-h-[40rem] overflow-auto">
          <ViolationTable
            list={list}
            openId={open?.id ?? null}
            onOpen={setOpen}
            wide
          />
        </div>
        <div>
          {open ? (
            <ViolationDetails
              client={client}
              violation={open}
              onChanged={onChanged}
              onClose={() => setOpen(null)}
            />
          ) : (
            <p className="text-sm text-slate-300">
              Open a violation to see its frozen statistics, the chart around
              the episode, the host at that moment and its alerts.
            </p>
          )}
        </div>
      </div>
    </Panel>
  );
}
