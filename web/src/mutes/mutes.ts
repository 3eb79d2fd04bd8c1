import type { Mute, NewMute } from "../api/types";
import { utcFieldToIso } from "../violations/filters";

/** The mute form as typed: every field text, times as UTC datetime-local. */
export interface MuteDraft {
  model: string;
  /** "" mutes the model on every provider. */
  provider: string;
  /** "" starts now. */
  startsAt: string;
  /** Length in minutes, used unless `endsAt` is set. */
  minutes: string;
  /** "" ends after `minutes`. */
  endsAt: string;
  reason: string;
}

export const EMPTY_MUTE: MuteDraft = {
  model: "",
  provider: "",
  startsAt: "",
  minutes: "60",
  endsAt: "",
  reason: "",
};

/**
 * Body of POST /api/mutes for the draft. Blank optional fields are left
 * out; an end time wins over the minutes (the API takes one of them).
 * The server checks the rest (model required, end after start, ranges)
 * and its message is shown as it comes.
 */
export function muteBody(d: MuteDraft): NewMute {
  const body: NewMute = { model: d.model.trim() };
  if (d.provider.trim()) body.provider = d.provider.trim();
  const starts = utcFieldToIso(d.startsAt);
  if (starts) body.starts_at = starts;
  const ends = utcFieldToIso(d.endsAt);
  if (ends) body.ends_at = ends;
  // Not a number: NaN travels as null, and the server's error names the
  // field.
  else if (d.minutes.trim()) body.minutes = Number(d.minutes);
  if (d.reason.trim()) body.reason = d.reason.trim();
  return body;
}

/** Which alerts a mute silences, as a person reads it. */
export function muteScope(m: Pick<Mute, "provider" | "model">): string {
  return m.provider
    ? `${m.provider} / ${m.model}`
    : `${m.model} (any provider)`;
}
