import type { Metric, SeriesInfo } from "../api/types";
import type { ChartView } from "../chart/ChartViews";
import { SelectField } from "../ui/SelectField";
import { LABEL } from "../ui/styles";
import { METRICS } from "./format";
import { seriesChoices } from "./series";
import { TIME_WINDOWS, type WindowId } from "./timeWindow";

export type WindowChoice = WindowId | "custom";

interface ControlsProps {
  series: SeriesInfo[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  metric: Metric;
  onMetric: (metric: Metric) => void;
  window: WindowChoice;
  onWindow: (window: WindowChoice) => void;
  view: ChartView;
  onView: (view: ChartView) => void;
  logScale: boolean;
  onLogScale: (on: boolean) => void;
}

const SEGMENT =
  "cursor-pointer px-3 py-1.5 text-sm text-slate-200 has-[:checked]:bg-sky-700 has-[:checked]:text-white has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-white has-[:focus-visible]:ring-inset";

const WINDOWS: { id: WindowChoice; label: string }[] = [
  ...TIME_WINDOWS.map((w) => ({ id: w.id, label: w.label })),
  { id: "custom", label: "Custom" },
];

const VIEWS: { id: ChartView; label: string }[] = [
  { id: "individuals", label: "Individuals + MR" },
  { id: "ewma", label: "EWMA" },
  { id: "cusum", label: "CUSUM" },
];

/** A radio group drawn as joined buttons (arrow keys move within it). */
function Segments<T extends string>(props: {
  legend: string;
  name: string;
  options: { id: T; label: string }[];
  value: T;
  onChange: (v: T) => void;
}) {
  return (
    <fieldset>
      <legend className={LABEL}>{props.legend}</legend>
      <div className="mt-1 flex overflow-hidden rounded-md border border-slate-600">
        {props.options.map((o) => (
          <label key={o.id} className={SEGMENT}>
            <input
              type="radio"
              name={props.name}
              value={o.id}
              className="sr-only"
              checked={props.value === o.id}
              onChange={() => props.onChange(o.id)}
            />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Series, metric, window, view and scale pickers above the chart. */
export function Controls(props: ControlsProps) {
  return (
    <div className="flex flex-wrap items-end gap-4">
      <SelectField
        id="series-select"
        label="Series"
        className="max-w-[min(28rem,calc(100vw_-_3rem))]"
        value={props.selectedId ?? ""}
        options={seriesChoices(props.series)}
        onChange={props.onSelect}
      />
      <SelectField
        id="metric-select"
        label="Metric"
        value={props.metric}
        options={METRICS.map((m) => ({
          value: m.id,
          label: `${m.label} (${m.id})`,
        }))}
        onChange={(m) => props.onMetric(m as Metric)}
      />

      <Segments
        legend="Time window"
        name="time-window"
        options={WINDOWS}
        value={props.window}
        onChange={props.onWindow}
      />
      <Segments
        legend="View"
        name="chart-view"
        options={VIEWS}
        value={props.view}
        onChange={props.onView}
      />
      <label className="flex items-center gap-2 pb-1.5 text-sm text-slate-200">
        <input
          type="checkbox"
          checked={props.logScale}
          onChange={(e) => props.onLogScale(e.target.checked)}
        />
        Log scale
      </label>
    </div>
  );
}
