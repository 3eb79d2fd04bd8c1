/** localStorage entry that keeps the API key between visits. */
export const API_KEY_STORAGE = "llmscope.apiKey";

/** Who acknowledged last, offered again in the next form. */
export const OPERATOR_STORAGE = "llmscope.operator";

/** The subset of Storage used here, so tests can pass a Map-backed one. */
export type KeyValueStore = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/**
 * Why `key` cannot be sent in an Authorization header (only printable
 * ASCII can), or null when it can. The browser would refuse the request
 * itself, with a message about fetch rather than about the key.
 */
export function keyProblem(key: string): string | null {
  for (const ch of key) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || code > 0x7e) {
      const hex = code.toString(16).toUpperCase().padStart(4, "0");
      return `An API key holds only printable ASCII characters; this one has U+${hex}.`;
    }
  }
  return null;
}

/** The stored key; null when there is none or it could not be sent. */
export function loadApiKey(store: KeyValueStore): string | null {
  const key = store.getItem(API_KEY_STORAGE)?.trim();
  return key && !keyProblem(key) ? key : null;
}

/**
 * Why the stored key cannot be used, after forgetting it; null when it
 * can (or there is none). For the sign-in screen of a page that opens
 * with such a key.
 */
export function dropUnusableKey(store: KeyValueStore): string | null {
  const key = store.getItem(API_KEY_STORAGE)?.trim();
  const problem = key ? keyProblem(key) : null;
  if (problem) store.removeItem(API_KEY_STORAGE);
  return problem && `The stored API key was removed. ${problem}`;
}

export function saveApiKey(store: KeyValueStore, key: string): void {
  store.setItem(API_KEY_STORAGE, key.trim());
}

export function clearApiKey(store: KeyValueStore): void {
  store.removeItem(API_KEY_STORAGE);
}
