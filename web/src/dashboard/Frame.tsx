import type { ReactNode } from "react";
import { ConnectionBadge } from "../live/ConnectionBadge";
import type { LiveStatus } from "../live/useLiveStream";
import { BUTTON_QUIET } from "../ui/styles";
import { hashOf, PAGES, type PageId } from "./nav";

interface HeaderProps {
  /** The page shown, marked in the navigation; null while the wizard is. */
  current: PageId | null;
  status: LiveStatus;
  problem: string | null;
  /** "server 1.2.0", a health error, or nothing yet. */
  serverText: string;
  /** Offer "Connect a model" (there is data) and its toggle's wording. */
  connect: { shown: boolean; open: boolean } | null;
  onNavigate?: () => void;
  onToggleConnect?: () => void;
  onSignOut?: () => void;
}

/**
 * The signed-in page: the header, the page, and a banner if any. The
 * chart page's shell (src/shell) is an inert copy rendered at build time.
 */
export function Frame(props: {
  header: ReactNode;
  banner?: ReactNode;
  children: ReactNode;
  inert?: boolean;
}) {
  return (
    <div className="min-h-screen" inert={props.inert}>
      {props.header}
      <main className="space-y-4 p-6">{props.children}</main>
      {props.banner && (
        // Pinned to the bottom of the window: it comes with the server's
        // first answer, after the page has shown, and must not push the
        // page down. The spacer keeps the page's end from hiding under it.
        <>
          <div className="h-12" aria-hidden="true" />
          {props.banner}
        </>
      )}
    </div>
  );
}

/**
 * The dashboard's top bar: name, pages, stream state and account
 * buttons. The shell renders it too, which is why it takes plain values
 * and optional handlers.
 */
export function Header(props: HeaderProps) {
  return (
    <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-800 px-6 py-3">
      <div className="flex flex-wrap items-center gap-4">
        <h1 className="text-lg font-semibold">LLMscope</h1>
        <nav aria-label="Pages">
          <ul className="flex flex-wrap gap-1">
            {PAGES.map((p) => (
              <li key={p.id}>
                <a
                  href={hashOf(p.id)}
                  aria-current={props.current === p.id ? "page" : undefined}
                  onClick={props.onNavigate}
                  className="rounded-md px-2.5 py-1 text-sm text-slate-200 hover:bg-slate-800 aria-[current=page]:bg-slate-700 aria-[current=page]:text-white"
                >
                  {p.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {/* Of fixed width: the stream's state and the server's version
            change after the page shows, and must not change how the
            header wraps (the chart under it would move). */}
        <div className="flex w-72 items-center justify-end gap-2">
          <ConnectionBadge status={props.status} problem={props.problem} />
          <span
            className="truncate text-xs text-slate-300"
            title={props.serverText || undefined}
          >
            {props.serverText}
          </span>
        </div>
        {props.connect?.shown && (
          <button
            type="button"
            className={BUTTON_QUIET}
            onClick={props.onToggleConnect}
          >
            {props.connect.open ? "Back" : "Connect a model"}
          </button>
        )}
        <button
          type="button"
          className={BUTTON_QUIET}
          onClick={props.onSignOut}
        >
          Sign out
        </button>
      </div>
    </header>
  );
}
