import type { Health } from "../api/types";

/** The replay banner's sentence, or null when the server is live. */
export function replayBannerText(health: Health | undefined): string | null {
  if (!health || health.mode !== "replay") return null;
  const source = health.replay?.source ?? "unknown source";
  const speed = health.replay?.speed;
  const speedText = typeof speed === "number" ? `${speed}x` : "unknown speed";
  return `Replay of a recorded trace: ${source} at ${speedText}`;
}
