import type { LiveStatus } from "./useLiveStream";

const LOOK: Record<LiveStatus, { text: string; className: string }> = {
  live: { text: "Live", className: "bg-emerald-900 text-emerald-100" },
  connecting: { text: "Connecting…", className: "bg-slate-800 text-slate-100" },
  reconnecting: {
    text: "Disconnected, reconnecting…",
    className: "bg-rose-900 text-rose-50",
  },
};

/** Whether the live stream is up; says so plainly while it is not. */
export function ConnectionBadge(props: {
  status: LiveStatus;
  problem: string | null;
}) {
  const look = LOOK[props.status];
  return (
    <span
      role="status"
      data-testid="connection"
      data-state={props.status}
      title={props.problem ?? undefined}
      className={`shrink-0 rounded-full px-2.5 py-0.5 text-xs font-medium ${look.className}`}
    >
      <span aria-hidden="true">● </span>
      {look.text}
    </span>
  );
}
