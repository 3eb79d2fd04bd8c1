import { useEffect, useMemo, useRef, useState } from "react";
import { createApiClient } from "./api/client";
import {
  clearApiKey,
  dropUnusableKey,
  loadApiKey,
  saveApiKey,
} from "./auth/apiKeyStore";
import { SignIn } from "./auth/SignIn";
import { releaseFirstChart } from "./chart/firstChart";
import { Dashboard } from "./dashboard/Dashboard";

/** Signs in, then shows the dashboard; any 401/403 signs out again. */
export function App() {
  const [authMessage, setAuthMessage] = useState(() =>
    dropUnusableKey(localStorage),
  );
  const [apiKey, setApiKey] = useState(() => loadApiKey(localStorage));
  const keyRef = useRef(apiKey);
  keyRef.current = apiKey;

  const client = useMemo(
    () =>
      createApiClient({
        getKey: () => keyRef.current,
        onAuthFailure: (error) => {
          clearApiKey(localStorage);
          keyRef.current = null;
          setApiKey(null);
          setAuthMessage(error.message);
        },
      }),
    [],
  );

  // A chart drawn before the dashboard loaded that the first render did
  // not take over (it showed something else) has no place to go.
  useEffect(releaseFirstChart, []);

  const signIn = (key: string) => {
    saveApiKey(localStorage, key);
    keyRef.current = key.trim();
    setApiKey(key.trim());
    setAuthMessage(null);
  };

  const signOut = () => {
    clearApiKey(localStorage);
    setApiKey(null);
    setAuthMessage("Signed out.");
  };

  if (!apiKey) return <SignIn message={authMessage} onSignIn={signIn} />;
  return <Dashboard key={apiKey} client={client} onSignOut={signOut} />;
}
