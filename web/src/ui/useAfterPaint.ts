import { useEffect, useState } from "react";

/**
 * False until the browser has painted once after `ready` turned true, then
 * true for good. For the parts of a page that can wait until its chart is
 * on screen (the moving range chart, the side panels): they then render
 * after that paint instead of delaying it.
 */
export function useAfterPaint(ready = true): boolean {
  const [after, setAfter] = useState(false);
  useEffect(() => {
    if (!ready || after) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The frame callback runs just before the next paint; the timer it
    // starts runs after it.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setAfter(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [ready, after]);
  return after;
}
