/** localStorage key set once the setup wizard was finished or skipped. */
export const SETUP_DONE_KEY = "llmscope.setupDone";

type KeyValue = Pick<Storage, "getItem" | "setItem">;

export function isSetupDone(storage: KeyValue): boolean {
  return storage.getItem(SETUP_DONE_KEY) === "1";
}

export function markSetupDone(storage: KeyValue): void {
  storage.setItem(SETUP_DONE_KEY, "1");
}
