import type { ReactNode } from "react";
import { Panel } from "../ui/Panel";

interface ChartLayoutProps {
  controls: ReactNode;
  /** Messages between the controls and the chart. */
  notices?: ReactNode;
  title: string;
  chart: ReactNode;
  /** The column beside the chart on wide screens (below it otherwise). */
  side?: ReactNode;
  below?: ReactNode;
}

/**
 * Where the chart page puts its parts. The page's shell (src/shell) is
 * rendered from this too, so that a chart drawn into the shell before the
 * dashboard loads is where the page will have it.
 */
export function ChartLayout(props: ChartLayoutProps) {
  return (
    <div className="space-y-4">
      {props.controls}
      {props.notices}
      {/* min-w-0: a grid item is otherwise at least as wide as the canvas
          in it, and the chart could never get narrower with the window. */}
      <div className="grid gap-4 xl:grid-cols-[1fr_20rem]">
        <Panel title={props.title} id="chart" className="min-w-0">
          {props.chart}
        </Panel>
        <div className="min-w-0 space-y-4">{props.side}</div>
      </div>
      {props.below}
    </div>
  );
}
