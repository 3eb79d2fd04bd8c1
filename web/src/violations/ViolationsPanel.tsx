import { useState } from "react";
import type { ApiClient } from "../api/client";
import { seriesLabel, type SeriesKey } from "../dashboard/series";
import { Panel } from "../ui/Panel";
import { LABEL } from "../ui/styles";
import { LIST_FILTERS, violationQuery, type ListFilter } from "./status";
import { ViolationDetails } from "./ViolationDetails";
import { ViolationTable } from "./ViolationTable";
import { useViolationList } from "./useViolationList";

interface ViolationsPanelProps {
  client: ApiClient;
  series: SeriesKey | null;
}

const SELECT =
  "mt-1 rounded-md border border-slate-600 bg-slate-950 px-2 py-1 text-sm text-slate-100";

/** The violations log with filters, and the details of the open one. */
export function ViolationsPanel({ client, series }: ViolationsPanelProps) {
  const [filter, setFilter] = useState<ListFilter>("all");
  const [onlySeries, setOnlySeries] = useState(true);
  const scope = onlySeries ? series : null;
  const { data, error, list, open, setOpen, onChanged } = useViolationList(
    client,
    violationQuery(filter, scope),
  );
  const openId = open?.id ?? null;

  const filters = (
    <div className="flex flex-wrap items-end gap-3">
      <div>
        <label htmlFor="violation-filter" className={LABEL}>
          Show
        </label>
        <select
          id="violation-filter"
          className={SELECT}
          value={filter}
          onChange={(e) => setFilter(e.target.value as ListFilter)}
        >
          {LIST_FILTERS.map((f) => (
            <option key={f.id} value={f.id}>
              {f.label}
            </option>
          ))}
        </select>
      </div>
      <label className="flex items-center gap-2 text-sm text-slate-200">
        <input
          type="checkbox"
          checked={onlySeries}
          onChange={(e) => setOnlySeries(e.target.checked)}
        />
        Only {series ? seriesLabel(series) : "the selected series"}
      </label>
    </div>
  );

  return (
    <Panel title="Violations" id="violations" actions={filters}>
      {error && (
        <p role="alert" className="mb-2 text-sm text-rose-300">
          {error}
        </p>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        <div className="max-h-[32rem] overflow-auto">
          {list.length === 0 ? (
            <p className="text-sm text-slate-400">
              {data ? "No violations match." : "Loading…"}
            </p>
          ) : (
            <ViolationTable list={list} openId={openId} onOpen={setOpen} />
          )}
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
            <p className="text-sm text-slate-400">
              Open a violation to see the statistics frozen when it fired, and
              to acknowledge or resolve it.
            </p>
          )}
        </div>
      </div>
    </Panel>
  );
}
