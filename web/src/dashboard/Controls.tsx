import type { Metric, SeriesInfo } from "../api/types";
import { LABEL } from "../ui/styles";
import { METRICS } from "./format";
import { seriesId, seriesLabel } from "./series";
import { TIME_WINDOWS, type WindowId } from "./timeWindow";

interface ControlsProps {
  series: SeriesInfo[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  metric: Metric;
  onMetric: (metric: Metric) => void;
  window: WindowId;
  onWindow: (window: WindowId) => void;
}

const SELECT =
  "mt-1 rounded-md border border-slate-600 bg-slate-950 px-2 py-1.5 text-sm text-slate-100";

/** Series, metric and time-window pickers above the chart. */
export function Controls(props: ControlsProps) {
  return (
    <div className="flex flex-wrap items-end gap-4">
      <div>
        <label htmlFor="series-select" className={LABEL}>
          Series
        </label>
        <select
          id="series-select"
          className={`${SELECT} max-w-[28rem]`}
          value={props.selectedId ?? ""}
          onChange={(e) => props.onSelect(e.target.value)}
        >
          {props.series.map((s) => (
            <option key={seriesId(s)} value={seriesId(s)}>
              {seriesLabel(s)} ({s.samples} samples)
            </option>
          ))}
        </select>
      </div>

      <div>
        <label htmlFor="metric-select" className={LABEL}>
          Metric
        </label>
        <select
          id="metric-select"
          className={SELECT}
          value={props.metric}
          onChange={(e) => props.onMetric(e.target.value as Metric)}
        >
          {METRICS.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label} ({m.id})
            </option>
          ))}
        </select>
      </div>

      <fieldset>
        <legend className={LABEL}>Time window</legend>
        <div className="mt-1 flex overflow-hidden rounded-md border border-slate-600">
          {TIME_WINDOWS.map((w) => (
            <label
              key={w.id}
              className="cursor-pointer px-3 py-1.5 text-sm text-slate-200 has-[:checked]:bg-sky-700 has-[:checked]:text-white has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-white has-[:focus-visible]:ring-inset"
            >
              <input
                type="radio"
                name="time-window"
                value={w.id}
                className="sr-only"
                checked={props.window === w.id}
                onChange={() => props.onWindow(w.id)}
              />
              {w.label}
            </label>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
