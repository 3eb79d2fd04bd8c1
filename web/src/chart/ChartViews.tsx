import { useMemo, useRef } from "react";
import type { SpcResponse } from "../api/types";
import { adoptFirstChart, type ChartHandlers } from "./firstChart";
import { CHART_HEIGHT, linesOptions, individualsOptions } from "./options";
import { CHART_COLORS } from "./plugins";
import { flagText, movingRanges, reorder } from "./shape";
import type { ChartLimits, HLine, ShapedChart } from "./types";
import { UPlotChart } from "./UPlotChart";
import { useAfterPaint } from "../ui/useAfterPaint";

export type ChartView = "individuals" | "ewma" | "cusum";

interface ChartViewsProps {
  spc: SpcResponse;
  shaped: ShapedChart;
  view: ChartView;
  logScale: boolean;
  format: (v: number) => string;
  xRange: [number, number] | null;
  onSelect?: (fromS: number, toS: number) => void;
  height?: number;
}

const dashed = [6, 4];

/**
 * The chart of the selected view: the individuals chart with the moving
 * range chart under it (cursors synced), or the EWMA or CUSUM chart.
 */
export function ChartViews(props: ChartViewsProps) {
  const { spc, shaped, view, logScale, format, xRange } = props;
  const height = props.height ?? CHART_HEIGHT;
  const mrHeight = Math.round(height * 0.45);
  const limitsRef = useRef<ChartLimits | null>(shaped.limits);
  limitsRef.current = shaped.limits;
  const shapedRef = useRef(shaped);
  shapedRef.current = shaped;
  const selectRef = useRef(props.onSelect);
  selectRef.current = props.onSelect;
  const linesRef = useRef<Record<string, HLine[]>>({});
  // The moving range chart is made once the individuals chart is on
  // screen; its box is kept meanwhile.
  const showMr = useAfterPaint();

  const mr = useMemo(() => {
    const server = spc.mr?.values;
    const ys =
      server && server.length === spc.values.length
        ? reorder(server, shaped.order)
        : movingRanges(shaped.data[1]);
    return [shaped.data[0], ys] as [number[], (number | null)[]];
  }, [spc, shaped]);
  const ewma = useMemo(
    () =>
      [
        shaped.data[0],
        reorder(spc.ewma?.z, shaped.order),
        reorder(spc.ewma?.ucl, shaped.order),
        reorder(spc.ewma?.lcl, shaped.order),
      ] as [number[], ...(number | null)[][]],
    [spc, shaped],
  );
  const cusum = useMemo(
    () =>
      [
        shaped.data[0],
        reorder(spc.cusum?.upper, shaped.order),
        reorder(spc.cusum?.lower, shaped.order).map((v) =>
          v === null ? null : -v,
        ),
      ] as [number[], ...(number | null)[][]],
    [spc, shaped],
  );

  const mrCenter = spc.mr?.center ?? spc.spc?.mr_center;
  const mrUcl = spc.mr?.ucl ?? spc.spc?.mr_ucl;
  linesRef.current.mr =
    mrCenter !== undefined && mrUcl !== undefined
      ? [
          {
            value: mrUcl,
            color: CHART_COLORS.limit,
            dash: dashed,
            label: `UCL ${format(mrUcl)}`,
          },
          {
            value: mrCenter,
            color: CHART_COLORS.center,
            dash: [],
            label: `MR̄ ${format(mrCenter)}`,
          },
        ]
      : [];
  const center = spc.ewma?.center;
  linesRef.current.ewma =
    center !== undefined && center !== null
      ? [
          {
            value: center,
            color: CHART_COLORS.center,
            dash: [],
            label: `CL ${format(center)}`,
          },
        ]
      : [];
  const h = spc.cusum?.h_sigma;
  linesRef.current.cusum =
    h !== undefined && h !== null
      ? [
          {
            value: h,
            color: CHART_COLORS.limit,
            dash: dashed,
            label: `+h ${format(h)}`,
          },
          {
            value: -h,
            color: CHART_COLORS.limit,
            dash: dashed,
            label: `−h ${format(-h)}`,
            labelLeft: true,
          },
        ]
      : [];

  const frame = { format, xRange, sync: true };
  const handlers: ChartHandlers = {
    getLimits: () => limitsRef.current,
    describeFlag: (idx) => flagText(shapedRef.current, idx, format),
    onSelect: (a, b) => selectRef.current?.(a, b),
  };
  // EWMA, CUSUM and MR are computed on the judged scale.
  const ln = spc.transform === "log" ? " of ln(x)" : "";
  const key = `${view}-${logScale}-${xRange?.join("-") ?? "auto"}`;

  if (view === "ewma") {
    if (!spc.ewma) return <Missing what="EWMA" />;
    return (
      <UPlotChart
        key={key}
        testId="ewma-chart"
        label="EWMA chart"
        data={ewma}
        makeOptions={(width) =>
          linesOptions({
            ...frame,
            width,
            height,
            getLines: () => linesRef.current.ewma ?? [],
            series: [
              { label: `EWMA${ln}`, stroke: CHART_COLORS.ewma, points: true },
              { label: "UCL", stroke: CHART_COLORS.limit, dash: dashed },
              { label: "LCL", stroke: CHART_COLORS.limit, dash: dashed },
            ],
          })
        }
      />
    );
  }
  if (view === "cusum") {
    if (!spc.cusum) return <Missing what="CUSUM" />;
    return (
      <UPlotChart
        key={key}
        testId="cusum-chart"
        label="CUSUM chart"
        data={cusum}
        makeOptions={(width) =>
          linesOptions({
            ...frame,
            width,
            height,
            getLines: () => linesRef.current.cusum ?? [],
            series: [
              { label: `C+ (upper)${ln}`, stroke: CHART_COLORS.cusumUp },
              { label: "−C− (lower)", stroke: CHART_COLORS.cusumDown },
            ],
          })
        }
      />
    );
  }
  return (
    <div className="space-y-2">
      <UPlotChart
        key={key}
        testId="individuals-chart"
        label={`Individuals chart of ${spc.metric}`}
        data={shaped.data}
        makeOptions={(width) =>
          individualsOptions({
            ...frame,
            width,
            height,
            label: spc.metric,
            logScale,
            ...handlers,
          })
        }
        adopt={(data) => adoptFirstChart(data, handlers)}
      />
      {showMr ? (
        <UPlotChart
          key={`mr-${key}`}
          testId="mr-chart"
          label="Moving range chart"
          data={mr}
          makeOptions={(width) =>
            linesOptions({
              ...frame,
              width,
              height: mrHeight,
              floor: 0,
              getLines: () => linesRef.current.mr ?? [],
              series: [
                {
                  label:
                    spc.transform === "log"
                      ? "moving range of ln(x)"
                      : "moving range",
                  stroke: CHART_COLORS.points,
                },
              ],
            })
          }
        />
      ) : (
        <div style={{ height: mrHeight }} aria-hidden="true" />
      )}
    </div>
  );
}

function Missing({ what }: { what: string }) {
  return (
    <p className="text-sm text-slate-300">
      The server sent no {what} data for this chart (it needs limits: at least 2
      points).
    </p>
  );
}
