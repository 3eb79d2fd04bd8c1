import { describe, expect, it } from "vitest";
import {
  API_KEY_STORAGE,
  clearApiKey,
  dropUnusableKey,
  keyProblem,
  loadApiKey,
  saveApiKey,
} from "./apiKeyStore";
import type { KeyValueStore } from "./apiKeyStore";

function memoryStore(): KeyValueStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

describe("api key storage", () => {
  it("keeps the trimmed key under llmscope.apiKey", () => {
    const store = memoryStore();
    saveApiKey(store, "  abc123 \n");
    expect(store.map.get("llmscope.apiKey")).toBe("abc123");
    expect(API_KEY_STORAGE).toBe("llmscope.apiKey");
    expect(loadApiKey(store)).toBe("abc123");
  });

  it("names a character no HTTP header can carry, and forgets such a key", () => {
    expect(keyProblem("abc-123_XYZ with space")).toBe(null);
    expect(keyProblem("ab\ncd")).toMatch(/printable ASCII.*U\+000A/);
    expect(keyProblem("clé")).toMatch(/U\+00E9/);
    expect(keyProblem("🔑")).toMatch(/U\+1F511/);
    const store = memoryStore();
    store.map.set(API_KEY_STORAGE, "ab\ncd");
    expect(loadApiKey(store)).toBe(null);
    // The page forgets it and says why.
    expect(dropUnusableKey(store)).toMatch(/removed.*U\+000A/);
    expect(store.map.has(API_KEY_STORAGE)).toBe(false);
    store.map.set(API_KEY_STORAGE, "good-key");
    expect(dropUnusableKey(store)).toBe(null);
    expect(loadApiKey(store)).toBe("good-key");
  });

  it("treats a missing or blank key as signed out", () => {
    const store = memoryStore();
    expect(loadApiKey(store)).toBeNull();
    store.setItem(API_KEY_STORAGE, "   ");
    expect(loadApiKey(store)).toBeNull();
  });

  it("forgets the key on sign-out", () => {
    const store = memoryStore();
    saveApiKey(store, "abc");
    clearApiKey(store);
    expect(loadApiKey(store)).toBeNull();
  });
});
