import { describe, expect, it } from "vitest";
import { hashOf, pageFromHash, PAGES } from "./nav";

describe("page from the location hash", () => {
  it("reads every page's own hash back", () => {
    for (const p of PAGES) expect(pageFromHash(hashOf(p.id))).toBe(p.id);
  });

  it("falls back to the overview for empty or unknown hashes", () => {
    expect(pageFromHash("")).toBe("overview");
    expect(pageFromHash("#/nope")).toBe("overview");
  });

  it("ignores what follows the page name", () => {
    expect(pageFromHash("#/violations/12")).toBe("violations");
    expect(pageFromHash("#models?x=1")).toBe("models");
  });
});
