import { useState, type FormEvent } from "react";
import { OPERATOR_STORAGE } from "../auth/apiKeyStore";
import { BUTTON, INPUT, LABEL } from "../ui/styles";

interface ActionFormProps {
  /** "acknowledge" or "resolve": names the fields and the button. */
  action: "acknowledge" | "resolve";
  nameRequired: boolean;
  onSubmit: (name: string, note: string) => Promise<void>;
}

const VERB = { acknowledge: "Acknowledge", resolve: "Resolve" } as const;

/** Name and note for acknowledging or resolving a violation. */
export function ActionForm({
  action,
  nameRequired,
  onSubmit,
}: ActionFormProps) {
  const [name, setName] = useState(
    () => localStorage.getItem(OPERATOR_STORAGE) ?? "",
  );
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (nameRequired && !name.trim()) {
      setError("Your name is required.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSubmit(name.trim(), note.trim());
      if (name.trim()) localStorage.setItem(OPERATOR_STORAGE, name.trim());
      setNote("");
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const id = `${action}-form`;
  return (
    <form
      onSubmit={submit}
      className="space-y-2"
      aria-label={VERB[action]}
      noValidate
    >
      <div>
        <label htmlFor={`${id}-name`} className={LABEL}>
          Your name{nameRequired ? " (required)" : ""}
        </label>
        <input
          id={`${id}-name`}
          className={`${INPUT} mt-1`}
          value={name}
          required={nameRequired}
          aria-invalid={error !== null && nameRequired && !name.trim()}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <div>
        <label htmlFor={`${id}-note`} className={LABEL}>
          Note
        </label>
        <textarea
          id={`${id}-note`}
          className={`${INPUT} mt-1`}
          rows={2}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </div>
      {error && (
        <p role="alert" className="text-sm text-rose-300">
          {error}
        </p>
      )}
      <button type="submit" className={BUTTON} disabled={busy}>
        {VERB[action]}
      </button>
    </form>
  );
}
