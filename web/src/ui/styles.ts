/** Shared Tailwind class lists, so controls look and focus alike. */
export const BUTTON =
  "rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-600 disabled:cursor-not-allowed disabled:opacity-50";

export const BUTTON_QUIET =
  "rounded-md border border-slate-600 px-3 py-1.5 text-sm text-slate-100 hover:bg-slate-800";

export const INPUT =
  "w-full rounded-md border border-slate-600 bg-slate-950 px-2 py-1.5 text-sm text-slate-100 placeholder:text-slate-400";

export const LABEL = "block text-xs font-medium text-slate-300";
