import type uPlot from "uplot";

/** Control limits as drawn; values in the metric's own unit. */
export interface ChartLimits {
  center: number;
  ucl: number;
  /** The computed LCL, shown in labels even when it is negative. */
  lcl: number;
  /** Where the LCL line is drawn: never below 0 for these metrics. */
  lclDrawn: number;
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
}

/** The aligned-data type uPlot wants; our columns are a subtype of it. */
export type AlignedData = uPlot.AlignedData;
