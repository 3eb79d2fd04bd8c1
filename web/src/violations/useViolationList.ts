import { useState } from "react";
import type { ApiClient } from "../api/client";
import type { Violation, ViolationQuery } from "../api/types";
import { useLiveQuery } from "../live/useLiveQuery";
import { replaceById } from "./status";

/**
 * The violations matching `query`, reloaded when a violation event
 * arrives, the one whose details are open, and `onChanged` for the
 * details: a change just made shows at once, until the next answer.
 */
export function useViolationList(client: ApiClient, query: ViolationQuery) {
  const [open, setOpen] = useState<Violation | null>(null);
  const [local, setLocal] = useState<{
    basis: Violation[] | undefined;
    list: Violation[];
  } | null>(null);
  const { data, error, refresh } = useLiveQuery(
    () => client.violations(query),
    JSON.stringify(query),
    { stale: (e) => e.type === "violation" },
  );
  const list = local && local.basis === data ? local.list : (data ?? []);

  const onChanged = (updated: Violation) => {
    setOpen(updated);
    setLocal({ basis: data, list: replaceById(list, updated) });
    refresh();
  };
  return { data, error, list, open, setOpen, onChanged };
}
