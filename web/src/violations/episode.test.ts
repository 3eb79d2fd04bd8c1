import { describe, expect, it } from "vitest";
import type { Violation } from "../api/types";
import { deliveriesOf, episodeSpan } from "./episode";

describe("episodeSpan", () => {
  const now = Date.parse("2026-12-04T16:00:00Z");

  it("pads a short episode by ten minutes each side", () => {
    const span = episodeSpan(
      {
        timestamp: "2026-12-04T15:00:00Z",
        first_timestamp: "2026-12-04T15:00:00Z",
        last_timestamp: "2026-12-04T15:01:00Z",
      },
      now,
    );
    expect(span?.xRange).toEqual([
      Date.parse("2026-12-04T14:50:00Z") / 1000,
      Date.parse("2026-12-04T15:11:00Z") / 1000,
    ]);
    expect(span?.since).toBe("2026-12-04T14:50:00.000Z");
    expect(span?.until).toBe("2026-12-04T15:11:00.000Z");
  });

  it("is null without readable times", () => {
    expect(
      episodeSpan(
        { timestamp: "x", first_timestamp: null, last_timestamp: null },
        now,
      ),
    ).toBeNull();
  });
});

describe("deliveriesOf", () => {
  it("reads a bare list, a wrapped one, or nothing", () => {
    const d = { id: 1, channel: "slack", status: "sent" };
    expect(deliveriesOf({ alerts: [d] } as unknown as Violation)).toEqual([d]);
    expect(
      deliveriesOf({ alerts: { deliveries: [d] } } as unknown as Violation),
    ).toEqual([d]);
    expect(deliveriesOf({} as Violation)).toEqual([]);
  });
});
