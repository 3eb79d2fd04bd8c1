import { useCallback, useEffect, useRef, useState } from "react";

/** How often the dashboard asks for new data until the stream exists. */
export const POLL_INTERVAL_MS = 2000;

/** Slower pace for a chart this many points long (a 24 h window of 2 s
 * probes is 43,200 points, some megabytes of JSON per answer). */
export const LARGE_CHART_POINTS = 20_000;
export const LARGE_CHART_INTERVAL_MS = 10_000;

/**
 * Poll interval for a chart answer of `points` points.
 * TODO(stream): the live stream replaces re-reading whole windows.
 */
export function chartPollInterval(points: number | undefined): number {
  return (points ?? 0) > LARGE_CHART_POINTS
    ? LARGE_CHART_INTERVAL_MS
    : POLL_INTERVAL_MS;
}

export interface Polled<T> {
  /** Latest answer for the current inputs; undefined until the first. */
  data: T | undefined;
  /** Message of the last failure, cleared by the next success. */
  error: string | null;
  /** Ask again now, e.g. after a change the user made. */
  refresh: () => void;
}

/**
 * Calls `load` now and then every `intervalMs` after the previous call has
 * settled (calls never overlap). When `key` changes, the old answer is
 * dropped so that one series' data never shows under another's name.
 */
export function usePolling<T>(
  load: () => Promise<T>,
  key: string,
  intervalMs = POLL_INTERVAL_MS,
): Polled<T> {
  const [state, setState] = useState<{ key: string; data?: T }>({ key });
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const run = async () => {
      try {
        const data = await loadRef.current();
        if (stopped) return;
        setState({ key, data });
        setError(null);
      } catch (e) {
        if (stopped) return;
        setError(e instanceof Error ? e.message : String(e));
      }
      if (!stopped) timer = setTimeout(run, intervalMs);
    };
    void run();

    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [key, intervalMs, tick]);

  const refresh = useCallback(() => setTick((t) => t + 1), []);
  return {
    data: state.key === key ? state.data : undefined,
    error,
    refresh,
  };
}
