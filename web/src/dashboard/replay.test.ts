import { describe, expect, it } from "vitest";
import { replayBannerText } from "./replay";

describe("replayBannerText", () => {
  it("names the trace and its speed in replay mode", () => {
    const text = replayBannerText({
      status: "ok",
      timestamp: "t",
      mode: "replay",
      replay: { source: "llmperf_leaderboard_requests.csv", speed: 20 },
    });
    expect(text).toBe(
      "Replay of a recorded trace: llmperf_leaderboard_requests.csv at 20x",
    );
  });

  it("shows nothing for a live server or before /health answers", () => {
    expect(
      replayBannerText({
        status: "ok",
        timestamp: "t",
        mode: "live",
        replay: null,
      }),
    ).toBeNull();
    expect(replayBannerText(undefined)).toBeNull();
  });
});
