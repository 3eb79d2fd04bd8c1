import { useEffect, useState } from "react";
import type { ApiClient } from "../api/client";
import type { Baseline, Metric, SpcResponse } from "../api/types";
import { Panel } from "../ui/Panel";
import { UtcTimeField } from "../ui/UtcTimeField";
import { BUTTON, BUTTON_QUIET } from "../ui/styles";
import { formatTime } from "./format";
import type { SeriesKey } from "./series";
import { parseUtcInput, utcInputValue } from "./timeWindow";

interface BaselinePanelProps {
  client: ApiClient;
  series: SeriesKey;
  metric: Metric;
  spc: SpcResponse | undefined;
  /** A range dragged on the chart, Unix seconds. */
  selection: [number, number] | null;
  onChanged: () => void;
}

/** The baselines of one series and metric that are not released. */
export function baselinesOf(
  all: Baseline[],
  series: SeriesKey,
  metric: string,
): Baseline[] {
  return all.filter(
    (b) =>
      b.provider === series.provider &&
      b.model === series.model &&
      b.metric === metric,
  );
}

/**
 * Which limits the chart uses, and freezing a baseline from a time range
 * (dragged on the chart or typed) or releasing it back to rolling limits.
 */
export function BaselinePanel(props: BaselinePanelProps) {
  const { client, series, metric, selection } = props;
  const [list, setList] = useState<Baseline[] | null>(null);
  const [from, setFrom] = useState("");
  const [until, setUntil] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reload = () =>
    client
      .baselines()
      .then((all) => setList(baselinesOf(all, series, metric)))
      .catch((e: unknown) =>
        setError(e instanceof Error ? e.message : String(e)),
      );
  useEffect(() => {
    void reload();
  }, [series.provider, series.model, metric]);

  useEffect(() => {
    if (!selection) return;
    setFrom(utcInputValue(selection[0] * 1000));
    setUntil(utcInputValue(selection[1] * 1000 + 59_999));
  }, [selection]);

  const act = async (what: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      await what();
      setMessage(done);
      await reload();
      props.onChanged();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const freeze = () => {
    const a = parseUtcInput(from);
    const b = parseUtcInput(until);
    if (!(a < b)) {
      setError("Pick a range: drag across the chart or fill both times.");
      return;
    }
    void act(
      () =>
        client.freezeBaseline({
          provider: series.provider,
          model: series.model,
          metric,
          from: new Date(a).toISOString(),
          until: new Date(b).toISOString(),
        }),
      "Baseline frozen: the limits stay fixed until you release them.",
    );
  };

  const kind = props.spc?.spc?.baseline ?? "—";
  return (
    <Panel title="Baseline" id="baseline">
      <p className="mb-2 text-sm text-slate-200" data-testid="baseline-kind">
        Limits: <strong>{kind}</strong>
      </p>
      {(list ?? []).map((b) => (
        <div
          key={b.id}
          className="mb-2 flex items-center justify-between gap-2 text-sm"
          data-testid="baseline-item"
        >
          <span className="text-slate-200">
            #{b.id} {String(b.status ?? "")} ·{" "}
            {formatTime(String(b.from ?? ""))} →{" "}
            {formatTime(String(b.until ?? ""))}
          </span>
          <button
            type="button"
            className={BUTTON_QUIET}
            disabled={busy}
            onClick={() =>
              void act(
                () => client.releaseBaseline(b.id),
                "Baseline released: the limits roll again.",
              )
            }
          >
            Release
          </button>
        </div>
      ))}
      <div className="grid grid-cols-2 gap-2">
        <UtcTimeField
          id="baseline-from"
          label="From"
          value={from}
          onChange={setFrom}
        />
        <UtcTimeField
          id="baseline-until"
          label="Until"
          value={until}
          onChange={setUntil}
        />
      </div>
      <p className="mt-1 text-xs text-slate-300">
        Drag across the individuals chart to pick the range.
      </p>
      <button
        type="button"
        className={`${BUTTON} mt-2`}
        disabled={busy || metric === "error_rate"}
        onClick={freeze}
      >
        Freeze baseline
      </button>
      {message && (
        <p role="status" className="mt-2 text-sm text-emerald-200">
          {message}
        </p>
      )}
      {error && (
        <p role="alert" className="mt-2 text-sm text-rose-300">
          {error}
        </p>
      )}
    </Panel>
  );
}
