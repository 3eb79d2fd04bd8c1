import { useEffect, useMemo, useRef, useState } from "react";
import type { ApiClient } from "../api/client";
import type { Metric, SpcResponse, Violation } from "../api/types";
import { individualsOptions } from "../chart/options";
import { shapeSpc, toChartLimits } from "../chart/shape";
import type { ChartLimits } from "../chart/types";
import { UPlotChart } from "../chart/UPlotChart";
import { flagText } from "../chart/shape";
import { formatNumber } from "../dashboard/format";
import { episodeSpan } from "./episode";

/**
 * The series around an episode, with the limits the episode was judged
 * against (frozen in the violation), not today's.
 */
export function EpisodeChart({
  client,
  violation: v,
}: {
  client: ApiClient;
  violation: Violation;
}) {
  const [res, setRes] = useState<SpcResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const span = useMemo(() => episodeSpan(v, Date.now()), [v.id]);

  useEffect(() => {
    if (!span) return;
    let stopped = false;
    client
      .spc({
        provider: v.provider,
        model: v.model,
        metric: v.metric as Metric,
        since: span.since,
        until: span.until,
        max_points: 1500,
      })
      .then((r) => !stopped && setRes(r))
      .catch((e: unknown) => !stopped && setError(String(e)));
    return () => {
      stopped = true;
    };
  }, [client, v.id, span]);

  const shaped = useMemo(() => (res ? shapeSpc(res) : null), [res]);
  const frozen: ChartLimits | null =
    v.mean_ms !== null && v.ucl_ms !== null && v.lcl_ms !== null
      ? toChartLimits({
          metric: "latency_ms",
          method: "imr",
          baseline: "frozen",
          n: 0,
          center: v.mean_ms,
          sigma: v.std_ms ?? 0,
          ucl: v.ucl_ms,
          lcl: v.lcl_ms,
        })
      : null;
  const limitsRef = useRef(frozen);
  limitsRef.current = frozen;
  const shapedRef = useRef(shaped);
  shapedRef.current = shaped;

  if (error) return <p className="text-sm text-rose-300">{error}</p>;
  if (!shaped || !span)
    return <p className="text-sm text-slate-300">Loading the episode…</p>;
  return (
    <UPlotChart
      testId="episode-chart"
      label={`The series around violation ${v.id}`}
      data={shaped.data}
      makeOptions={(width) =>
        individualsOptions({
          width,
          height: 200,
          format: formatNumber,
          xRange: span.xRange,
          label: v.metric,
          logScale: false,
          getLimits: () => limitsRef.current,
          describeFlag: (i) =>
            shapedRef.current
              ? flagText(shapedRef.current, i, formatNumber)
              : null,
        })
      }
    />
  );
}
