import type uPlot from "uplot";

/** Control limits as drawn; values in the metric's own unit. */
export interface ChartLimits {
  center: number;
  ucl: number;
  /** The computed LCL, shown in labels even when it is negative. */
  lcl: number;
  /** Where the LCL line is drawn: never below 0 for these metrics. */
  lclDrawn: number;
  /**
   * Sigma for the shaded 1 and 2 sigma zones; null when the limits are
   * not symmetric around CL (log transform), then zones are thirds of
   * each side.
   */
  sigma: number | null;
}

/**
 * Column data for uPlot: x in Unix seconds, the sample values, and a
 * marker column holding the value at flagged points and null elsewhere.
 */
export type ControlChartData = [
  xs: number[],
  ys: number[],
  flagged: (number | null)[],
];

export interface ShapedChart {
  data: ControlChartData;
  limits: ChartLimits | null;
  /** Rules broken at each marker, by position in the columns. */
  rulesAt: Map<number, string[]>;
  flaggedCount: number;
  /** Position in the columns -> index in the server's arrays. */
  order: number[];
}

/** A horizontal line drawn across a chart by linesPlugin. */
export interface HLine {
  value: number;
  color: string;
  dash: number[];
  label: string;
  labelLeft?: boolean;
}

/** The aligned-data type uPlot wants; our columns are a subtype of it. */
export type AlignedData = uPlot.AlignedData;
