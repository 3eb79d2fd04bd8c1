import { useState } from "react";
import type { ApiClient } from "../api/client";
import { changedEntries, displayValue, STEP_KEYS } from "../settings/draft";
import { SettingFields } from "../settings/SettingField";
import { useSettingsDraft } from "../settings/useSettingsDraft";
import { Panel } from "../ui/Panel";
import { BUTTON, BUTTON_QUIET } from "../ui/styles";

export const STEPS = [
  "Welcome",
  "Email alerts",
  "Slack alerts",
  "Alert rules",
  "Review",
] as const;

interface WizardProps {
  client: ApiClient;
  /** Called when finished or skipped; the wizard does not show again. */
  onDone: () => void;
}

/** First-run setup: alerts by email and Slack, rules, then review. */
export function SetupWizard({ client, onDone }: WizardProps) {
  const [step, setStep] = useState(0);
  const s = useSettingsDraft(client);
  const [test, setTest] = useState<{ ok: boolean; text: string } | null>(null);

  const keysOf = (pick: (k: string) => boolean) =>
    Object.keys(s.settings ?? {})
      .filter(pick)
      .sort();
  const fields = (pick: (k: string) => boolean) => (
    <SettingFields
      draft={s}
      keys={keysOf(pick)}
      className="grid gap-3 md:grid-cols-2"
    />
  );

  // Saves what was typed so far, then asks the server to send a test.
  const sendTest = async (channel: "email" | "slack") => {
    setTest(null);
    if (!(await s.save())) return;
    try {
      await client.testAlert(channel);
      setTest({ ok: true, text: `Test ${channel} alert sent.` });
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      setTest({ ok: false, text: `Test ${channel} alert failed: ${why}` });
    }
  };
  const testButton = (channel: "email" | "slack") => (
    <button
      type="button"
      className={`${BUTTON_QUIET} mt-3`}
      onClick={() => void sendTest(channel)}
    >
      Send test {channel === "email" ? "email" : "Slack message"}
    </button>
  );

  const changes = s.settings ? changedEntries(s.settings, s.draft) : [];
  let body;
  if (step === 0)
    body = (
      <div className="space-y-2 text-sm text-slate-200">
        <p>
          LLMscope watches the latency of your LLM endpoints and opens a
          violation when a control-chart rule fires. These steps set up who
          hears about it: email, Slack, and which rules alert.
        </p>
        <p>Every step can be changed later under Settings.</p>
      </div>
    );
  else if (step === 1)
    body = (
      <>
        {fields(STEP_KEYS.email)}
        {testButton("email")}
      </>
    );
  else if (step === 2)
    body = (
      <>
        {fields(STEP_KEYS.slack)}
        {testButton("slack")}
      </>
    );
  else if (step === 3) body = fields(STEP_KEYS.rules);
  else
    body =
      changes.length === 0 ? (
        <p className="text-sm text-slate-200">No changes: the defaults stay.</p>
      ) : (
        <dl className="text-sm" data-testid="review-list">
          {changes.map(([k, v]) => (
            <div
              key={k}
              className="flex justify-between gap-4 border-b border-slate-800 py-1"
            >
              <dt className="text-slate-300">{k}</dt>
              <dd className="font-mono">{displayValue(s.settings![k]!, v)}</dd>
            </div>
          ))}
        </dl>
      );

  const finish = async () => {
    if (await s.save()) onDone();
  };
  return (
    <Panel
      title={`Setup · step ${step + 1} of ${STEPS.length}: ${STEPS[step]}`}
      id="setup-wizard"
      actions={
        <button type="button" className={BUTTON_QUIET} onClick={onDone}>
          Skip setup
        </button>
      }
    >
      <ol className="mb-4 flex flex-wrap gap-2 text-xs" aria-label="Steps">
        {STEPS.map((name, i) => (
          <li
            key={name}
            aria-current={i === step ? "step" : undefined}
            className={`rounded px-2 py-0.5 ${i === step ? "bg-sky-700 text-white" : "bg-slate-800 text-slate-200"}`}
          >
            {i + 1}. {name}
          </li>
        ))}
      </ol>
      {!s.settings && !s.error ? <p className="text-sm">Loading…</p> : body}
      {test && (
        <p
          role="status"
          className={`mt-2 text-sm ${test.ok ? "text-emerald-200" : "text-rose-300"}`}
        >
          {test.text}
        </p>
      )}
      {s.error && (
        <p role="alert" className="mt-2 text-sm text-rose-300">
          {s.error}
        </p>
      )}
      <div className="mt-4 flex gap-2">
        {step > 0 && (
          <button
            type="button"
            className={BUTTON_QUIET}
            onClick={() => setStep(step - 1)}
          >
            Back
          </button>
        )}
        {step < STEPS.length - 1 ? (
          <button
            type="button"
            className={BUTTON}
            onClick={() => {
              setTest(null);
              setStep(step + 1);
            }}
          >
            Next
          </button>
        ) : (
          <button
            type="button"
            className={BUTTON}
            onClick={() => void finish()}
          >
            Save and finish
          </button>
        )}
      </div>
    </Panel>
  );
}
