import { describe, expect, it } from "vitest";
import { EMPTY_MUTE, muteBody, muteScope } from "./mutes";

describe("muteBody", () => {
  it("sends the model and minutes, leaving blank fields out", () => {
    expect(muteBody({ ...EMPTY_MUTE, model: " llama3.2:1b " })).toEqual({
      model: "llama3.2:1b",
      minutes: 60,
    });
  });

  it("sends an end time instead of minutes when one is set", () => {
    expect(
      muteBody({
        ...EMPTY_MUTE,
        model: "m",
        provider: "ollama",
        startsAt: "2026-12-04T15:00",
        endsAt: "2026-12-04T17:00",
        reason: "upgrade",
      }),
    ).toEqual({
      model: "m",
      provider: "ollama",
      starts_at: "2026-12-04T15:00:00.000Z",
      ends_at: "2026-12-04T17:00:00.000Z",
      reason: "upgrade",
    });
  });

  it("leaves the checks to the server", () => {
    // No model: sent as "", and the server answers "model: required".
    expect(muteBody({ ...EMPTY_MUTE, minutes: "" })).toEqual({ model: "" });
    expect(muteBody({ ...EMPTY_MUTE, model: "m", minutes: "soon" })).toEqual({
      model: "m",
      minutes: NaN,
    });
  });
});

describe("muteScope", () => {
  it("names the provider, or says any provider", () => {
    expect(muteScope({ provider: "ollama", model: "m" })).toBe("ollama / m");
    expect(muteScope({ provider: null, model: "m" })).toBe("m (any provider)");
  });
});
