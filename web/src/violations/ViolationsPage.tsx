import { useEffect, useState } from "react";
import type { ApiClient } from "../api/client";
import type { SeriesInfo } from "../api/types";
import { seriesId, seriesLabel } from "../dashboard/series";
import { SelectField } from "../ui/SelectField";
import { UtcTimeField } from "../ui/UtcTimeField";
import { saveBlob } from "../ui/download";
import { Panel } from "../ui/Panel";
import { BUTTON_QUIET } from "../ui/styles";
import {
  CUSTOM_RANGE,
  exportPaths,
  filterQuery,
  RULES,
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
  { hours: CUSTOM_RANGE, label: "Custom range" },
];
/** How often "the last N hours" moves on while the page stays open. */
const WINDOW_STEP_MS = 60_000;

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
    from: "",
    until: "",
  });
  const [exportError, setExportError] = useState<string | null>(null);
  // "Now" for the last N hours: fixed while the filters stay (the query
  // must not change on every render), moved on once a minute.
  const [nowMs, setNowMs] = useState(() => Date.now());
  const relative = f.sinceHours > 0;
  useEffect(() => {
    if (!relative) return;
    const timer = setInterval(() => setNowMs(Date.now()), WINDOW_STEP_MS);
    return () => clearInterval(timer);
  }, [relative]);
  const { data, error, list, open, setOpen, onChanged } = useViolationList(
    client,
    filterQuery(f, nowMs),
  );

  const download = async (which: "violations" | "samples") => {
    setExportError(null);
    try {
      const paths = exportPaths(f, Date.now());
      saveBlob(await client.download(paths[which]), `${which}.csv`);
    } catch (e) {
      setExportError(e instanceof Error ? e.message : String(e));
    }
  };

  const filters = (
    <div className="flex flex-wrap items-end gap-3">
      <SelectField
        id="vf-series"
        label="Model"
        value={f.series ? seriesId(f.series) : ""}
        options={[
          { value: "", label: "All models" },
          ...series.map((s) => ({ value: seriesId(s), label: seriesLabel(s) })),
        ]}
        onChange={(id) =>
          setF({ ...f, series: series.find((s) => seriesId(s) === id) ?? null })
        }
      />
      <SelectField
        id="vf-rule"
        label="Rule"
        value={f.rule}
        options={[
          { value: "", label: "All rules" },
          ...RULES.map((r) => ({ value: r, label: r })),
        ]}
        onChange={(rule) => setF({ ...f, rule })}
      />
      <SelectField
        id="vf-state"
        label="State"
        value={f.state}
        options={STATES.map((s) => ({ value: s.id, label: s.label }))}
        onChange={(v) => setF({ ...f, state: v as ViolationFilters["state"] })}
      />
      <SelectField
        id="vf-time"
        label="Opened"
        value={String(f.sinceHours)}
        options={TIMES.map((t) => ({ value: String(t.hours), label: t.label }))}
        onChange={(v) => {
          setNowMs(Date.now());
          setF({ ...f, sinceHours: Number(v) });
        }}
      />
      {f.sinceHours === CUSTOM_RANGE && (
        <>
          <UtcTimeField
            id="vf-from"
            label="From"
            value={f.from}
            onChange={(from) => setF({ ...f, from })}
          />
          <UtcTimeField
            id="vf-until"
            label="Until"
            value={f.until}
            onChange={(until) => setF({ ...f, until })}
          />
        </>
      )}
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
