import { useState, type FormEvent } from "react";
import { createApiClient } from "../api/client";
import { keyProblem } from "./apiKeyStore";
import { BUTTON, INPUT, LABEL } from "../ui/styles";

interface SignInProps {
  /** Why the user is here again (refused key, signed out), if known. */
  message: string | null;
  onSignIn: (key: string) => void;
}

/** Asks for the API key and checks it against the server before keeping it. */
export function SignIn({ message, onSignIn }: SignInProps) {
  const [key, setKey] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const candidate = key.trim();
    if (!candidate) {
      setError("Enter the API key.");
      return;
    }
    const problem = keyProblem(candidate);
    if (problem) {
      setError(problem);
      return;
    }
    setChecking(true);
    setError(null);
    try {
      await createApiClient({ getKey: () => candidate }).series();
      onSignIn(candidate);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setChecking(false);
    }
  };

  const shown = error ?? message;
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <form
        onSubmit={submit}
        className="w-full max-w-sm space-y-4 rounded-lg border border-slate-700 bg-slate-900 p-6"
        aria-labelledby="signin-title"
      >
        <h1 id="signin-title" className="text-xl font-semibold">
          LLMscope
        </h1>
        <p className="text-sm text-slate-300">
          Sign in with the server's API key: the one it printed on its first
          start (also in data/api_key beside its database), or the
          LLMSCOPE_API_KEY it was started with. It is kept in this browser only.
        </p>
        {shown && (
          <p
            role="alert"
            className="rounded-md bg-rose-950 px-3 py-2 text-sm text-rose-200"
          >
            {shown}
          </p>
        )}
        <div>
          <label htmlFor="api-key" className={LABEL}>
            API key
          </label>
          <input
            id="api-key"
            type="password"
            autoComplete="current-password"
            autoFocus
            className={`${INPUT} mt-1`}
            value={key}
            onChange={(e) => setKey(e.target.value)}
          />
        </div>
        <button
          type="submit"
          className={`${BUTTON} w-full`}
          disabled={checking}
        >
          {checking ? "Checking…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
