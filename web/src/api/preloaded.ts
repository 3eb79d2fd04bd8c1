/**
 * Answers asked for before the dashboard's code has loaded.
 *
 * index.html carries a small inline script (src/preload/) that sends the
 * first requests of a chart address while the bundle is still being
 * fetched and compiled. Its answers wait on the window, keyed by path,
 * until the client asks for the same path; each is taken once.
 */

/** One answer as the server sent it. */
export interface PreloadedAnswer {
  status: number;
  contentType: string;
  body: string;
  /**
   * A successful answer's body, parsed as soon as it arrived (while the
   * page's code is still loading, the browser has time for it).
   */
  parsed?: unknown;
}

interface Entry {
  /** performance.now() when the request was sent. */
  sentAt: number;
  /** Set once the whole body has arrived. */
  answer?: PreloadedAnswer;
  /** Set once the request has succeeded or failed. */
  settled?: boolean;
  promise: Promise<PreloadedAnswer>;
}

type Holder = {
  llmscopePreload?: Record<string, Entry>;
  llmscopeChart?: {
    answer: Promise<PreloadedAnswer | null>;
    asked: Promise<boolean>;
  };
};

/** An answer not taken by then was not for this page: ask afresh. */
export const PRELOAD_MAX_AGE_MS = 15_000;

function entries(): Record<string, Entry> {
  const holder = globalThis as Holder;
  holder.llmscopePreload ??= {};
  return holder.llmscopePreload;
}

function take(path: string, now: number): Entry | null {
  const all = entries();
  const entry = all[path];
  if (!entry) return null;
  delete all[path];
  return now - entry.sentAt <= PRELOAD_MAX_AGE_MS ? entry : null;
}

/** Sends GET `path` with the key now and keeps its answer for the page. */
export function preload(
  path: string,
  key: string,
  fetchFn: typeof fetch = (...a) => globalThis.fetch(...a),
  now: number = performance.now(),
): Promise<PreloadedAnswer> {
  const entry: Entry = {
    sentAt: now,
    promise: fetchFn(path, {
      headers: { Accept: "application/json", Authorization: `Bearer ${key}` },
    })
      .then(async (res) => {
        const answer: PreloadedAnswer = {
          status: res.status,
          contentType: res.headers.get("Content-Type") ?? "",
          body: await res.text(),
        };
        if (answer.status === 200) {
          try {
            answer.parsed = JSON.parse(answer.body);
          } catch {
            // Not JSON: whoever takes it reports that.
          }
        }
        entry.answer = answer;
        return answer;
      })
      .finally(() => (entry.settled = true)),
  };
  // Taken later, or never: a failure is seen by whoever takes it.
  entry.promise.catch(() => undefined);
  entries()[path] = entry;
  return entry.promise;
}

/**
 * Names the answer that is the chart's: sent at once, or after the series
 * list when only the list tells which series the page will show (null:
 * none after all; a failed request counts as none). `asked` is true once
 * the chart's request has been sent, false once it is known that none
 * will be.
 */
export function setPreloadedChart(
  answer: Promise<PreloadedAnswer | null>,
  asked: Promise<boolean>,
): void {
  (globalThis as Holder).llmscopeChart = {
    answer: answer.catch(() => null),
    asked: asked.catch(() => false),
  };
}

/**
 * The chart's preloaded answer once it has arrived, without taking it
 * (the page still takes it as usual); null when no chart was preloaded.
 */
export function preloadedChart(): Promise<PreloadedAnswer | null> | null {
  return (globalThis as Holder).llmscopeChart?.answer ?? null;
}

/**
 * The preloaded answer to `path` once it has arrived, without taking it;
 * null when nothing was preloaded for it or the request failed.
 */
export function preloadedAnswer(path: string): Promise<PreloadedAnswer | null> {
  const entry = entries()[path];
  return entry ? entry.promise.catch(() => null) : Promise.resolve(null);
}

/** True once the chart's request is on its way; false if none will be. */
export function chartAsked(): Promise<boolean> {
  return (globalThis as Holder).llmscopeChart?.asked ?? Promise.resolve(false);
}

/**
 * The preloaded answer to `path` as a Response, or null when nothing was
 * preloaded for it (or it is too old). Rejects as fetch would.
 */
export function takePreloaded(
  path: string,
  now: number = performance.now(),
): Promise<Response> | null {
  const entry = take(path, now);
  if (!entry) return null;
  return entry.promise.then(
    (a) =>
      new Response(a.body, {
        status: a.status,
        headers: { "Content-Type": a.contentType },
      }),
  );
}

/**
 * The preloaded answer to `path`, parsed, if it has already arrived and
 * succeeded; taken. Anything else (not there, still on its way, an error
 * status, a body that is not JSON) is left for takePreloaded(), so that
 * errors are handled once, in one place.
 */
export function takeArrivedPreload<T>(
  path: string,
  now: number = performance.now(),
): T | undefined {
  const entry = entries()[path];
  const answer = entry?.answer;
  if (!answer || answer.status !== 200 || answer.parsed === undefined)
    return undefined;
  if (!take(path, now)) return undefined;
  return answer.parsed as T;
}

/**
 * Resolves once every preloaded request has been answered (including one
 * sent on the way: the chart after the series list), or after `maxMs`.
 * The dashboard waits this long before its first render, so that a chart
 * whose answer is about to arrive is drawn in that render.
 */
export async function preloadsSettled(maxMs: number): Promise<void> {
  const deadline = performance.now() + maxMs;
  for (;;) {
    const pending = Object.values(entries())
      .filter((e) => !e.settled)
      .map((e) => e.promise.catch(() => undefined));
    const left = deadline - performance.now();
    if (pending.length === 0 || left <= 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.all(pending),
      new Promise((resolve) => (timer = setTimeout(resolve, left))),
    ]);
    clearTimeout(timer);
  }
}
