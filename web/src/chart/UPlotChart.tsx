import { useEffect, useRef } from "react";
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

/**
 * One uPlot instance: created once, fed with setData, resized with
 * setSize when its box changes, destroyed on unmount.
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

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const width = () => Math.max(host.clientWidth, 200);
    const opts = makeOptions(width());
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
