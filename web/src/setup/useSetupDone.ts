import { useCallback, useEffect, useState } from "react";
import type { ApiClient } from "../api/client";
import { SETUP_SETTING } from "./setupState";

/**
 * The server's setup_completed setting, asked once (undefined until the
 * answer, null when the request failed), and `markDone`, which sets it and
 * resolves to an error message when the server refused.
 */
export function useServerSetupDone(client: ApiClient) {
  const [done, setDone] = useState<boolean | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    client.settings().then(
      (s) => live && setDone(s[SETUP_SETTING]?.value === true),
      () => live && setDone(null),
    );
    return () => {
      live = false;
    };
  }, [client]);

  const markDone = useCallback(async (): Promise<string | null> => {
    try {
      await client.putSetting(SETUP_SETTING, true);
      setDone(true);
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }, [client]);
  return { done, markDone };
}
