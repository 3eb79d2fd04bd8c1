import { describe, expect, it } from "vitest";
import {
  isSetupDone,
  markSetupDone,
  shouldOpenWizard,
  type WizardInputs,
} from "./setupState";

const firstRun: WizardInputs = {
  noData: true,
  mode: "live",
  serverDone: false,
  localDone: false,
};

describe("shouldOpenWizard", () => {
  it("opens on a first run the server has not seen set up", () => {
    expect(shouldOpenWizard(firstRun)).toBe(true);
  });

  it("stays shut once the server says setup is done, in any browser", () => {
    expect(shouldOpenWizard({ ...firstRun, serverDone: true })).toBe(false);
  });

  it("waits for the server's answer before opening", () => {
    expect(shouldOpenWizard({ ...firstRun, serverDone: undefined })).toBe(
      false,
    );
  });

  it("falls back to this browser's flag when the server cannot be asked", () => {
    expect(shouldOpenWizard({ ...firstRun, serverDone: null })).toBe(true);
    expect(
      shouldOpenWizard({ ...firstRun, serverDone: null, localDone: true }),
    ).toBe(false);
  });

  it("honours this browser's flag too", () => {
    expect(shouldOpenWizard({ ...firstRun, localDone: true })).toBe(false);
  });

  it("never opens with data or on a replay", () => {
    expect(shouldOpenWizard({ ...firstRun, noData: false })).toBe(false);
    expect(shouldOpenWizard({ ...firstRun, mode: "replay" })).toBe(false);
    expect(shouldOpenWizard({ ...firstRun, mode: undefined })).toBe(false);
  });
});

describe("the localStorage flag", () => {
  it("is set by markSetupDone", () => {
    const m = new Map<string, string>();
    const storage = {
      getItem: (k: string) => m.get(k) ?? null,
      setItem: (k: string, v: string) => void m.set(k, v),
    };
    expect(isSetupDone(storage)).toBe(false);
    markSetupDone(storage);
    expect(isSetupDone(storage)).toBe(true);
  });
});
