import { useEffect, useLayoutEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { markFirstDrawing } from "./options";

interface UPlotChartProps {
  data: uPlot.AlignedData;
  /** Builds the options once per mount (remount with a new key to change). */
  makeOptions: (width: number) => uPlot.Options;
  label: string;
  className?: string;
  testId?: string;
  /**
   * A chart already drawn from `data` to take over instead of making one
   * (the chart drawn before the dashboard loaded: firstChart.ts).
   */
  adopt?: (data: uPlot.AlignedData) => uPlot | null;
}

/**
 * One uPlot instance: created once, fed with setData, resized with
 * setSize when its box changes, destroyed on unmount. The first drawing
 * with points leaves a performance mark (markFirstDrawing) for benchmarks and
 * for anyone profiling the page.
 */
export function UPlotChart({
  data,
  makeOptions,
  label,
  className = "",
  testId,
  adopt,
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
    const adopted = adopt?.(firstData.current) ?? null;
    const plot = adopted ?? create(host, width());
    const fit = () => {
      if (width() !== plot.width) {
        plot.setSize({ width: width(), height: plot.height });
      }
    };
    if (adopted) {
      // Moved here from the page's shell.
      host.append(plot.root);
      plot.syncRect(true);
      fit();
    }
    plotRef.current = plot;
    // The browser tests find points on the canvas through the instance.
    (host as HTMLDivElement & { uplot?: uPlot }).uplot = plot;
    const observer = new ResizeObserver(fit);
    observer.observe(host);
    return () => {
      observer.disconnect();
      plot.destroy();
      plotRef.current = null;
    };
    // Built once; data flows in through the effect below.
  }, []);

  /** A new instance in `host`, marking its first drawing with points. */
  function create(host: HTMLElement, width: number): uPlot {
    const opts = makeOptions(width);
    if (testId) markFirstDrawing(opts, testId);
    return new uPlot(opts, firstData.current, host);
  }

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
