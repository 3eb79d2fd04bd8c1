import { createContext, useContext, useEffect, useRef } from "react";
import type { LiveEvent, LiveStream } from "./useLiveStream";

export const LiveContext = createContext<LiveStream | null>(null);

/** The page's live stream; throws outside the signed-in page. */
export function useLive(): LiveStream {
  const live = useContext(LiveContext);
  if (!live) throw new Error("useLive outside LiveContext");
  return live;
}

/** Runs `handler` for each live event while the component is mounted. */
export function useLiveEvents(handler: (e: LiveEvent) => void): void {
  const live = useLive();
  const ref = useRef(handler);
  ref.current = handler;
  const { subscribe } = live;
  useEffect(() => subscribe((e) => ref.current(e)), [subscribe]);
}
