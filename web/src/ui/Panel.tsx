import type { ReactNode } from "react";

interface PanelProps {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
  className?: string;
  /** Landmark id, also handy for tests. */
  id?: string;
}

/** A titled section of the dashboard. */
export function Panel({
  title,
  children,
  actions,
  className = "",
  id,
}: PanelProps) {
  const headingId = id ? `${id}-title` : undefined;
  return (
    <section
      id={id}
      aria-labelledby={headingId}
      className={`rounded-lg border border-slate-700 bg-slate-900 p-4 ${className}`}
    >
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2
          id={headingId}
          className="text-sm font-semibold uppercase tracking-wide text-slate-300"
        >
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  );
}
