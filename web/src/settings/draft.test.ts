import { describe, expect, it } from "vitest";
import type { SettingsMap } from "../api/types";
import { changedEntries, coerce, displayValue, MASK, STEP_KEYS } from "./draft";

const settings: SettingsMap = {
  smtp_port: { value: 587, type: "integer" },
  smtp_password: { value: MASK, type: "string", secret: true },
  enable_email_alerts: { value: false, type: "boolean" },
  alert_on_rule: { value: "R1,R2,R3", type: "string" },
};

describe("setting drafts", () => {
  it("types what was typed, naming the setting on error", () => {
    expect(coerce("smtp_port", settings.smtp_port!, "2525")).toBe(2525);
    expect(coerce("smtp_port", settings.smtp_port!, "25.5")).toEqual({
      error: "smtp_port: must be a whole number",
    });
    expect(coerce("smtp_port", settings.smtp_port!, "")).toEqual({
      error: "smtp_port: must be a number",
    });
    expect(
      coerce("enable_email_alerts", settings.enable_email_alerts!, true),
    ).toBe(true);
  });

  it("sends only real changes, never the secret mask", () => {
    const got = changedEntries(settings, {
      smtp_port: 587,
      smtp_password: MASK,
      enable_email_alerts: true,
      alert_on_rule: "R1",
      unknown_key: "x",
    });
    expect(got).toEqual([
      ["enable_email_alerts", true],
      ["alert_on_rule", "R1"],
    ]);
  });

  it("never shows a secret on review", () => {
    expect(displayValue(settings.smtp_password!, "hunter2")).toBe("(set)");
    expect(displayValue(settings.alert_on_rule!, "")).toBe("(empty)");
  });

  it("puts each setting in its wizard step", () => {
    expect(STEP_KEYS.email("smtp_server")).toBe(true);
    expect(STEP_KEYS.email("alert_email_to")).toBe(true);
    expect(STEP_KEYS.slack("slack_webhook_url")).toBe(true);
    expect(STEP_KEYS.rules("alert_on_rule")).toBe(true);
    expect(STEP_KEYS.rules("spc_ewma_enabled")).toBe(true);
    expect(STEP_KEYS.rules("smtp_server")).toBe(false);
  });
});
