import { describe, expect, it } from "vitest";
import { SseParser, reconnectDelayMs } from "./sse";

describe("SseParser", () => {
  it("reads named events and skips comments", () => {
    const p = new SseParser();
    const got = p.push(
      'retry: 2000\n: connected\n\nevent: sample\ndata: {"a":1}\n\n',
    );
    expect(got).toEqual([{ event: "sample", data: '{"a":1}' }]);
  });

  it("joins data lines and defaults the name to message", () => {
    const p = new SseParser();
    expect(p.push("data: one\ndata: two\n\n")).toEqual([
      { event: "message", data: "one\ntwo" },
    ]);
  });

  it("completes events split across chunks, even inside \\r\\n", () => {
    const p = new SseParser();
    expect(p.push("event: sys")).toEqual([]);
    expect(p.push("tem\r")).toEqual([]);
    expect(p.push('\ndata: {"cpu":')).toEqual([]);
    expect(p.push("3}\r\n\r\n")).toEqual([
      { event: "system", data: '{"cpu":3}' },
    ]);
  });

  it("does not leak an event name into the next event", () => {
    const p = new SseParser();
    p.push("event: violation\n\n");
    expect(p.push("data: x\n\n")).toEqual([{ event: "message", data: "x" }]);
  });
});

describe("reconnectDelayMs", () => {
  it("backs off and caps at 5 s", () => {
    expect([0, 1, 2, 3, 10].map(reconnectDelayMs)).toEqual([
      1000, 2000, 4000, 5000, 5000,
    ]);
  });
});
