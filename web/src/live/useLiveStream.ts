import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ApiClient } from "../api/client";
import { AuthError } from "../api/errors";
import type { StreamEvent, SystemInfo } from "../api/types";
import { reconnectDelayMs, SseParser, type SseMessage } from "./sse";

export type LiveStatus = "connecting" | "live" | "reconnecting";

/**
 * What subscribers hear: the server's events, and "connected" each time
 * the stream (re)connects. Events sent before that moment (while the page
 * was loading, or while the stream was down) never arrive, so whatever was
 * loaded before it may be out of date.
 */
export type LiveEvent = StreamEvent | { type: "connected" };

export interface LiveStream {
  status: LiveStatus;
  /** Why the last connection ended, while reconnecting. */
  problem: string | null;
  /** Calls `listener` with every event from now on; returns unsubscribe. */
  subscribe: (listener: (e: LiveEvent) => void) => () => void;
  /** The last few minutes of host telemetry, oldest first. */
  systemHistory: SystemInfo[];
}

/** Host readings kept for the short history (2 s apart: 10 minutes). */
export const SYSTEM_HISTORY = 300;

function toEvent(m: SseMessage): StreamEvent | null {
  if (m.event !== "sample" && m.event !== "violation" && m.event !== "system")
    return null;
  try {
    return { type: m.event, data: JSON.parse(m.data) } as StreamEvent;
  } catch {
    return null;
  }
}

/**
 * Keeps GET /api/stream open with fetch (the key goes in a header, never
 * in the URL), hands each event to the subscribers, and reconnects by
 * itself with a growing pause after the stream ends or fails.
 */
export function useLiveStream(client: ApiClient): LiveStream {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const [problem, setProblem] = useState<string | null>(null);
  const [systemHistory, setHistory] = useState<SystemInfo[]>([]);
  const listeners = useRef(new Set<(e: LiveEvent) => void>());

  useEffect(() => {
    const abort = new AbortController();
    let attempt = 0;

    const emit = (e: LiveEvent) => {
      if (e.type === "system") {
        setHistory((h) => [...h.slice(-(SYSTEM_HISTORY - 1)), e.data]);
      }
      for (const l of listeners.current) l(e);
    };

    const readOnce = async () => {
      const res = await client.stream(abort.signal);
      if (!res.body) throw new Error("the stream has no body");
      setStatus("live");
      setProblem(null);
      attempt = 0;
      emit({ type: "connected" });
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = new SseParser();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) throw new Error("the server ended the stream");
        for (const m of parser.push(value)) {
          const e = toEvent(m);
          if (e) emit(e);
        }
      }
    };

    const loop = async () => {
      while (!abort.signal.aborted) {
        try {
          await readOnce();
        } catch (e) {
          if (abort.signal.aborted || e instanceof AuthError) return;
          setStatus("reconnecting");
          setProblem(e instanceof Error ? e.message : String(e));
        }
        const wait = reconnectDelayMs(attempt++);
        await new Promise((r) => setTimeout(r, wait));
      }
    };
    void loop();
    return () => abort.abort();
  }, [client]);

  const subscribe = useCallback((listener: (e: LiveEvent) => void) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);
  return useMemo(
    () => ({ status, problem, subscribe, systemHistory }),
    [status, problem, subscribe, systemHistory],
  );
}
