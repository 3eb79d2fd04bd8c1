import { useCallback, useEffect, useRef, useState } from "react";
import type { StreamEvent } from "../api/types";
import { useLiveEvents } from "./LiveContext";

export interface LiveQuery<T> {
  /** Latest answer for the current key; undefined until the first. */
  data: T | undefined;
  error: string | null;
  /** Load again now (after a change the user made). */
  refresh: () => void;
}

export interface LiveQueryOptions<T> {
  /** Which live events make the answer stale. */
  stale: (e: StreamEvent) => boolean;
  /** Reload at most this often however many events arrive. */
  minGapMs?: number;
  /** A slow safety net should an event be missed; 0 for none. */
  fallbackMs?: number;
  /**
   * An answer already at hand for the first key (one the preload script
   * fetched): shown in the first render, and not loaded again at once.
   */
  initial?: () => T | undefined;
}

/**
 * Loads `load()` when `key` changes and again whenever a live event makes
 * it stale, or the stream (re)connects (throttled to one load per
 * minGapMs, never two at once), so the page follows the server without
 * polling. An old key's answer is never shown under a new key.
 */
export function useLiveQuery<T>(
  load: () => Promise<T>,
  key: string,
  options: LiveQueryOptions<T>,
): LiveQuery<T> {
  const given = useRef(false);
  const [state, setState] = useState<{ key: string; data?: T }>(() => {
    const data = options.initial?.();
    given.current = data !== undefined;
    return { key, data };
  });
  const [error, setError] = useState<string | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const optsRef = useRef(options);
  optsRef.current = options;
  const control = useRef({ busy: false, again: false, last: 0, key });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const run = useCallback(async () => {
    const c = control.current;
    if (c.busy) {
      c.again = true;
      return;
    }
    c.busy = true;
    c.again = false;
    c.last = Date.now();
    const forKey = c.key;
    try {
      const data = await loadRef.current();
      if (control.current.key === forKey) {
        setState({ key: forKey, data });
        setError(null);
      }
    } catch (e) {
      if (control.current.key === forKey)
        setError(e instanceof Error ? e.message : String(e));
    }
    c.busy = false;
    if (c.again) schedule();
  }, []);

  const schedule = useCallback(() => {
    if (timer.current !== undefined) return;
    const gap = optsRef.current.minGapMs ?? 1000;
    const wait = Math.max(0, control.current.last + gap - Date.now());
    timer.current = setTimeout(() => {
      timer.current = undefined;
      void run();
    }, wait);
  }, [run]);

  useEffect(() => {
    control.current.key = key;
    if (given.current) {
      // Fresh from the initial answer: the next load waits its turn.
      given.current = false;
      control.current.last = Date.now();
    } else {
      control.current.last = 0;
      void run();
    }
    const every = optsRef.current.fallbackMs ?? 30_000;
    const fallback = every > 0 ? setInterval(() => schedule(), every) : 0;
    return () => {
      clearInterval(fallback);
      clearTimeout(timer.current);
      timer.current = undefined;
    };
  }, [key, run, schedule]);

  useLiveEvents((e) => {
    // A (re)connected stream may have missed events: catch up once.
    if (e.type === "connected" || optsRef.current.stale(e)) schedule();
  });

  const refresh = useCallback(() => void run(), [run]);
  return {
    data: state.key === key ? state.data : undefined,
    error,
    refresh,
  };
}
