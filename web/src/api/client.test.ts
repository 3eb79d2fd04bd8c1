import { describe, expect, it, vi } from "vitest";
import { buildQuery, createApiClient, spcPath, workflowBody } from "./client";
import { ApiError, AuthError } from "./errors";
import {
  chartAsked,
  preload,
  PRELOAD_MAX_AGE_MS,
  preloadedAnswer,
  preloadedChart,
  setPreloadedChart,
  takePreloaded,
} from "./preloaded";

interface Call {
  url: string;
  init: RequestInit;
}

/** A fetch that records calls and answers with `status` and `body`. */
function fakeFetch(status: number, body: unknown, calls: Call[] = []) {
  const fn = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({ url: String(input), init });
    const text = typeof body === "string" ? body : JSON.stringify(body);
    return new Response(text, { status });
  };
  return fn as typeof fetch;
}

function header(call: Call | undefined, name: string): string | undefined {
  const headers = (call?.init.headers ?? {}) as Record<string, string>;
  return headers[name];
}

describe("api client", () => {
  it("sends the key as a bearer token on /api routes", async () => {
    const calls: Call[] = [];
    const api = createApiClient({
      getKey: () => "s3cret",
      fetchFn: fakeFetch(200, [], calls),
    });
    await expect(api.series()).resolves.toEqual([]);
    expect(calls[0]?.url).toBe("/api/series");
    expect(header(calls[0], "Authorization")).toBe("Bearer s3cret");
  });

  it("does not send the key to /health", async () => {
    const calls: Call[] = [];
    const api = createApiClient({
      getKey: () => "s3cret",
      fetchFn: fakeFetch(200, { status: "ok" }, calls),
    });
    await api.health();
    expect(header(calls[0], "Authorization")).toBeUndefined();
  });

  it.each([
    [401, /asked for an API key/],
    [403, /refused this API key/],
  ])("turns %i into an AuthError and signs out", async (status, text) => {
    const onAuthFailure = vi.fn();
    const api = createApiClient({
      getKey: () => "k",
      onAuthFailure,
      fetchFn: fakeFetch(status, { error: "invalid api key" }),
    });
    const failure = api.violations();
    await expect(failure).rejects.toBeInstanceOf(AuthError);
    await expect(failure).rejects.toMatchObject({ status });
    await expect(failure).rejects.toThrow(text);
    expect(onAuthFailure).toHaveBeenCalledTimes(1);
    expect(onAuthFailure.mock.calls[0]?.[0]).toBeInstanceOf(AuthError);
  });

  it("signs out without asking when there is no key", async () => {
    const calls: Call[] = [];
    const onAuthFailure = vi.fn();
    const api = createApiClient({
      getKey: () => null,
      onAuthFailure,
      fetchFn: fakeFetch(200, [], calls),
    });
    await expect(api.series()).rejects.toBeInstanceOf(AuthError);
    expect(calls).toHaveLength(0);
    expect(onAuthFailure).toHaveBeenCalledOnce();
  });

  it("reports other errors with the server's message, not as auth", async () => {
    const onAuthFailure = vi.fn();
    const api = createApiClient({
      getKey: () => "k",
      onAuthFailure,
      fetchFn: fakeFetch(400, { error: "acknowledged_by is required" }),
    });
    const failure = api.acknowledge(3, "", "");
    await expect(failure).rejects.not.toBeInstanceOf(AuthError);
    await expect(failure).rejects.toMatchObject({
      status: 400,
      message: "acknowledged_by is required",
    });
    expect(onAuthFailure).not.toHaveBeenCalled();
  });

  it("falls back to the status when the error body is not JSON", async () => {
    const api = createApiClient({
      getKey: () => "k",
      fetchFn: fakeFetch(502, "<html>bad gateway</html>"),
    });
    await expect(api.system()).rejects.toMatchObject({
      status: 502,
      message: "HTTP 502",
    });
  });

  it("reports an unreachable server as status 0", async () => {
    const api = createApiClient({
      getKey: () => "k",
      fetchFn: (async () => {
        throw new TypeError("Failed to fetch");
      }) as typeof fetch,
    });
    const failure = api.series();
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({ status: 0 });
    await expect(failure).rejects.toThrow(
      /Cannot reach the server: Failed to fetch/,
    );
  });

  it("posts acknowledge and resolve bodies as JSON", async () => {
    const calls: Call[] = [];
    const api = createApiClient({
      getKey: () => "k",
      fetchFn: fakeFetch(200, { id: 9 }, calls),
    });
    await api.acknowledge(9, "ana", "looking");
    await api.resolve(9, "bo", "fixed");
    expect(calls.map((c) => [c.init.method, c.url])).toEqual([
      ["POST", "/api/violations/9/acknowledge"],
      ["POST", "/api/violations/9/resolve"],
    ]);
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({
      acknowledged_by: "ana",
      note: "looking",
    });
    expect(JSON.parse(String(calls[1]?.init.body))).toEqual({
      resolved_by: "bo",
      note: "fixed",
    });
    expect(header(calls[0], "Content-Type")).toBe("application/json");
  });

  it("puts the chart query in the URL", async () => {
    const calls: Call[] = [];
    const api = createApiClient({
      getKey: () => "k",
      fetchFn: fakeFetch(200, {}, calls),
    });
    await api.spc({
      provider: "together",
      model: "llama 2",
      metric: "ttft_ms",
      hours: 168,
    });
    expect(calls[0]?.url).toBe(
      "/api/stats/spc?provider=together&model=llama+2&metric=ttft_ms&hours=168",
    );
  });
});

describe("buildQuery", () => {
  it("skips undefined values and keeps false", () => {
    expect(buildQuery({ a: undefined, acknowledged: false, limit: 5 })).toBe(
      "?acknowledged=false&limit=5",
    );
  });

  it("is empty when nothing is set", () => {
    expect(buildQuery({ a: undefined })).toBe("");
  });
});

describe("workflowBody", () => {
  it("leaves out a blank name and note so nothing is overwritten", () => {
    expect(workflowBody("resolved_by", "  ", "")).toEqual({});
    expect(workflowBody("acknowledged_by", " ana ", " ")).toEqual({
      acknowledged_by: "ana",
    });
    expect(workflowBody("resolved_by", "bo", " fixed ")).toEqual({
      resolved_by: "bo",
      note: "fixed",
    });
  });
});

describe("preloaded answers", () => {
  const q = {
    provider: "ollama",
    model: "llama3.2:1b",
    metric: "latency_ms" as const,
    hours: 24,
    max_points: 2000,
  };
  /** A fetch as the preload script's: answers `body` with `status`. */
  const served = (status: number, body: string) =>
    (async () =>
      new Response(body, {
        status,
        headers: { "Content-Type": "application/json" },
      })) as typeof fetch;

  it("are taken once, for the same request only", async () => {
    const calls: Call[] = [];
    const api = createApiClient({
      getKey: () => "k",
      fetchFn: fakeFetch(200, { values: [2] }, calls),
    });
    await preload(spcPath(q), "k", served(200, '{"values":[1]}'));
    // Another window: not the preloaded request, which stays.
    await expect(api.spc({ ...q, hours: 6 })).resolves.toEqual({ values: [2] });
    expect(calls).toHaveLength(1);
    // The preloaded one: no request of its own.
    await expect(api.spc(q)).resolves.toEqual({ values: [1] });
    expect(calls).toHaveLength(1);
    // Taken: the next load asks the server.
    await expect(api.spc(q)).resolves.toEqual({ values: [2] });
    expect(calls).toHaveLength(2);
    expect(calls[1]?.url).toBe(spcPath(q));
  });

  it("go through the same error handling as any answer", async () => {
    const auth: AuthError[] = [];
    const api = createApiClient({
      getKey: () => "k",
      fetchFn: fakeFetch(200, {}),
      onAuthFailure: (e) => auth.push(e),
    });
    void preload(spcPath(q), "k", served(400, '{"error":"metric: unknown"}'));
    await expect(api.spc(q)).rejects.toThrow("metric: unknown");
    expect(takePreloaded(spcPath(q))).toBe(null);
    void preload(spcPath(q), "bad", served(401, '{"error":"wrong key"}'));
    await expect(api.spc(q)).rejects.toBeInstanceOf(AuthError);
    expect(auth).toHaveLength(1);
    const down = (async () => {
      throw new TypeError("Failed to fetch");
    }) as typeof fetch;
    void preload(spcPath(q), "k", down);
    await expect(api.spc(q)).rejects.toThrow(
      "Cannot reach the server: Failed to fetch",
    );
  });

  it("are offered to the first render only once arrived and successful", async () => {
    const api = createApiClient({
      getKey: () => "k",
      fetchFn: fakeFetch(200, {}),
    });
    let arrive: (r: Response) => void = () => undefined;
    const slow = new Promise<Response>((resolve) => (arrive = resolve));
    const pending = preload(spcPath(q), "k", () => slow);
    // On its way: nothing to draw yet, and still there to be awaited.
    expect(api.preloadedSpc(q)).toBeUndefined();
    arrive(new Response('{"values":[7]}', { status: 200 }));
    await pending;
    expect(api.preloadedSpc(q)).toEqual({ values: [7] });
    expect(api.preloadedSpc(q)).toBeUndefined();
    // An error answer is left for the request, which reports it.
    await preload(spcPath(q), "k", served(500, '{"error":"disk full"}'));
    expect(api.preloadedSpc(q)).toBeUndefined();
    await expect(api.spc(q)).rejects.toThrow("disk full");
    // A 200 that is not JSON is left for the request too, which fails.
    await preload(spcPath(q), "k", served(200, "<html>proxy page</html>"));
    expect(api.preloadedSpc(q)).toBeUndefined();
    await expect(api.spc(q)).rejects.toThrow(SyntaxError);
  });

  it("are not used once too old", async () => {
    const calls: Call[] = [];
    const api = createApiClient({
      getKey: () => "k",
      fetchFn: fakeFetch(200, { values: [2] }, calls),
    });
    const sent = performance.now() - PRELOAD_MAX_AGE_MS - 1;
    await preload(spcPath(q), "k", served(200, '{"values":[1]}'), sent);
    expect(api.preloadedSpc(q)).toBeUndefined();
    await preload(spcPath(q), "k", served(200, '{"values":[1]}'), sent);
    await expect(api.spc(q)).resolves.toEqual({ values: [2] });
    expect(calls).toHaveLength(1);
  });

  it("send the key and ask for JSON", async () => {
    const calls: Call[] = [];
    await preload("/api/series", "secret", fakeFetch(200, [], calls));
    expect(header(calls[0], "Authorization")).toBe("Bearer secret");
    expect(header(calls[0], "Accept")).toBe("application/json");
    expect(takePreloaded("/api/series")).not.toBe(null);
    // The series list, like the chart, is offered to the first render.
    const api = createApiClient({
      getKey: () => "k",
      fetchFn: fakeFetch(200, []),
    });
    await preload("/api/series", "k", fakeFetch(200, [{ provider: "p" }]));
    expect(api.preloadedSeries()).toEqual([{ provider: "p" }]);
    expect(api.preloadedSeries()).toBeUndefined();
  });
});

describe("the preloaded chart", () => {
  it("is found without being taken, for the chart drawn before the page", async () => {
    const path = "/api/stats/spc?provider=p&model=m";
    const answer = preload(path, "k", fakeFetch(200, { values: [3] }));
    setPreloadedChart(answer, Promise.resolve(true));
    expect(await chartAsked()).toBe(true);
    expect((await preloadedChart())?.parsed).toEqual({ values: [3] });
    expect((await preloadedAnswer(path))?.parsed).toEqual({ values: [3] });
    // Still there for the page, which takes it once as usual.
    expect(takePreloaded(path)).not.toBe(null);
    expect(takePreloaded(path)).toBe(null);
    expect(await preloadedAnswer("/api/never-asked")).toBe(null);
  });

  it("is asked for once the list names the series, and a failure is none", async () => {
    let listed: (v: string | null) => void = () => undefined;
    const path = new Promise<string | null>((resolve) => (listed = resolve));
    setPreloadedChart(
      path.then((p) => (p ? preload(p, "k", fakeFetch(200, [1])) : null)),
      path.then((p) => p !== null),
    );
    let settled = false;
    void chartAsked().then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    // The list names no series: nothing is asked for, and none will come.
    listed(null);
    expect(await chartAsked()).toBe(false);
    expect(await preloadedChart()).toBe(null);

    const down = (async () => {
      throw new TypeError("Failed to fetch");
    }) as typeof fetch;
    setPreloadedChart(
      preload("/api/x", "k", down),
      Promise.reject(new Error()),
    );
    await chartAsked();
    expect(await preloadedChart()).toBe(null);
  });
});
