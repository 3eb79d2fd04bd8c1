import { useEffect, useLayoutEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

interface UPlotChartProps {
  data: uPlot.AlignedData;
  /** Builds the options once per mount (remount with a new key to change). */
  makeOptions: (width: number) => uPlot.Options;
  label: string;
  className?: string;
  testId?: string;
}

/** User-timing mark set when a chart first draws points ("individuals-chart"). */
export const drawnMark = (testId: string) => `llmscope:drawn:${testId}`;

/**
 * One uPlot instance: created once, fed with setData, resized with
 * setSize when its box changes, destroyed on unmount. The first drawing
 * with points leaves a performance mark (drawnMark) for benchmarks and
 * for anyone profiling the page.
 */
export function UPlotChart({
  data,
  makeOptions,
  label,
  className = "",
  testId,
}: UPlotChartProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const firstData = useRef(data);

  // A layout effect: the chart is made as soon as its box is in the page,
  // so the frame that first shows the page shows the chart too (an effect
  // would run only after that frame, costing a second one).
  useLayoutEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const width = () => Math.max(host.clientWidth, 200);
    const opts = makeOptions(width());
    let marked = false;
    const markDrawn = (u: uPlot) => {
      if (marked || !testId || u.data[0].length === 0) return;
      marked = true;
      performance.mark(drawnMark(testId));
    };
    opts.hooks = {
      ...opts.hooks,
      draw: [...(opts.hooks?.draw ?? []), markDrawn],
    };
    const plot = new uPlot(opts, firstData.current, host);
    plotRef.current = plot;
    // The browser tests find points on the canvas through the instance.
    (host as HTMLDivElement & { uplot?: uPlot }).uplot = plot;
    const observer = new ResizeObserver(() => {
      if (width() !== plot.width) {
        plot.setSize({ width: width(), height: opts.height });
      }
    });
    observer.observe(host);
    return () => {
      observer.disconnect();
      plot.destroy();
      plotRef.current = null;
    };
    // Built once; data flows in through the effect below.
  }, []);

  useEffect(() => {
    const plot = plotRef.current;
    if (plot && plot.data !== data) plot.setData(data);
  }, [data]);

  return (
    <div
      ref={hostRef}
      className={`control-chart relative w-full ${className}`}
      role="img"
      aria-label={label}
      data-testid={testId}
    />
  );
}
