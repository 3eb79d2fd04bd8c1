import type { SeriesInfo } from "../api/types";

export interface SeriesKey {
  provider: string;
  model: string;
}

const SEP = "\u001f";

/** A select option value for a series; the unit separator keeps it unique. */
export function seriesId(s: SeriesKey): string {
  return `${s.provider}${SEP}${s.model}`;
}

/** The series a seriesId() names, or null for anything else. */
export function seriesFromId(id: string | null): SeriesKey | null {
  const parts = id?.split(SEP) ?? [];
  if (parts.length !== 2 || !parts[0] || !parts[1]) return null;
  return { provider: parts[0], model: parts[1] };
}

export function seriesLabel(s: SeriesKey): string {
  return `${s.provider} / ${s.model}`;
}

/** The series selector's options: "openai / gpt-4o (1,200 samples)". */
export function seriesChoices(
  all: SeriesInfo[],
): { value: string; label: string }[] {
  return all.map((s) => ({
    value: seriesId(s),
    label: `${seriesLabel(s)} (${s.samples} samples)`,
  }));
}

/**
 * The series to show: the chosen one while it still exists, otherwise
 * the one with the newest sample, otherwise none.
 */
export function pickSeries(
  all: SeriesInfo[],
  chosenId: string | null,
): SeriesInfo | null {
  const chosen = all.find((s) => seriesId(s) === chosenId);
  if (chosen) return chosen;
  let newest: SeriesInfo | null = null;
  for (const s of all) {
    const t = Date.parse(s.last_timestamp ?? "");
    const best = Date.parse(newest?.last_timestamp ?? "");
    if (!newest || (Number.isFinite(t) && !(t <= best))) newest = s;
  }
  return newest;
}
