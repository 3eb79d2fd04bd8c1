/**
 * localStorage key set once the setup wizard was finished or skipped in
 * this browser. The server's `setup_completed` setting is what counts;
 * this flag is honoured too (a browser that finished the wizard before the
 * setting existed, tests and benchmarks that set it) and covers a server
 * that could not be asked.
 */
export const SETUP_DONE_KEY = "llmscope.setupDone";

/** The run-time setting that records the wizard as done, for every browser. */
export const SETUP_SETTING = "setup_completed";

type KeyValue = Pick<Storage, "getItem" | "setItem">;

export function isSetupDone(storage: KeyValue): boolean {
  return storage.getItem(SETUP_DONE_KEY) === "1";
}

export function markSetupDone(storage: KeyValue): void {
  storage.setItem(SETUP_DONE_KEY, "1");
}

export interface WizardInputs {
  /** The server has no series at all. */
  noData: boolean;
  /** GET /health's mode; the wizard never opens by itself on a replay. */
  mode: string | undefined;
  /**
   * The server's setup_completed: undefined while it is being asked,
   * null when the request failed.
   */
  serverDone: boolean | null | undefined;
  /** This browser's localStorage flag. */
  localDone: boolean;
}

/** Whether the wizard opens by itself: a first run nobody has set up yet. */
export function shouldOpenWizard(w: WizardInputs): boolean {
  if (!w.noData || w.mode !== "live") return false;
  if (w.serverDone === undefined) return false; // wait for the answer
  return w.serverDone !== true && !w.localDone;
}
