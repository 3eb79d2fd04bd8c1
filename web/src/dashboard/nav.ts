/** The pages of the signed-in dashboard, in the order the header lists them. */
export const PAGES = [
  { id: "overview", label: "Overview" },
  { id: "chart", label: "Control chart" },
  { id: "violations", label: "Violations" },
  { id: "models", label: "Models" },
  { id: "host", label: "Host" },
  { id: "settings", label: "Settings" },
] as const;

export type PageId = (typeof PAGES)[number]["id"];

/** The page a location hash names ("#/violations"), else the overview. */
export function pageFromHash(hash: string): PageId {
  const name = hash.replace(/^#\/?/, "").split(/[/?]/)[0] ?? "";
  return PAGES.find((p) => p.id === name)?.id ?? "overview";
}

export function hashOf(page: PageId): string {
  return `#/${page}`;
}
