/** localStorage entry that keeps the API key between visits. */
export const API_KEY_STORAGE = "llmscope.apiKey";

/** Who acknowledged last, offered again in the next form. */
export const OPERATOR_STORAGE = "llmscope.operator";

/** The subset of Storage used here, so tests can pass a Map-backed one. */
export type KeyValueStore = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export function loadApiKey(store: KeyValueStore): string | null {
  const key = store.getItem(API_KEY_STORAGE)?.trim();
  return key ? key : null;
}

export function saveApiKey(store: KeyValueStore, key: string): void {
  store.setItem(API_KEY_STORAGE, key.trim());
}

export function clearApiKey(store: KeyValueStore): void {
  store.removeItem(API_KEY_STORAGE);
}
