import type uPlot from "uplot";
import type { ChartLimits, HLine } from "./types";

/** Colours of the chart, chosen for contrast on the dark background. */
export const CHART_COLORS = {
  points: "#7dd3fc",
  center: "#4ade80",
  limit: "#fbbf24",
  flag: "#f43f5e",
  flagRing: "#fff1f2",
  label: "#e2e8f0",
  /** Shading of the 1 and 2 sigma zones (A and B in Nelson's terms). */
  zone1: "rgba(74, 222, 128, 0.07)",
  zone2: "rgba(251, 191, 36, 0.07)",
  ewma: "#c4b5fd",
  cusumUp: "#fda4af",
  cusumDown: "#93c5fd",
} as const;

function drawLine(
  u: uPlot,
  value: number,
  color: string,
  dash: number[],
  label: string,
  labelLeft = false,
): void {
  const { ctx, bbox } = u;
  const y = Math.round(u.valToPos(value, "y", true));
  // Off the plot, or not drawable (0 on a log axis).
  if (!Number.isFinite(y) || y < bbox.top || y > bbox.top + bbox.height) {
    return;
  }

  const ratio = devicePixelRatio || 1;
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.5 * ratio;
  ctx.setLineDash(dash.map((d) => d * ratio));
  ctx.beginPath();
  ctx.moveTo(bbox.left, y);
  ctx.lineTo(bbox.left + bbox.width, y);
  ctx.stroke();

  // Labels sit just above their line inside the plot: UCL and CL on the
  // right, LCL on the left, so that a close CL and LCL do not collide.
  ctx.setLineDash([]);
  ctx.fillStyle = color;
  ctx.font = `${11 * ratio}px ui-sans-serif, system-ui, sans-serif`;
  ctx.textAlign = labelLeft ? "left" : "right";
  ctx.textBaseline = "bottom";
  const x = labelLeft
    ? bbox.left + 4 * ratio
    : bbox.left + bbox.width - 4 * ratio;
  ctx.fillText(label, x, y - 2 * ratio);
  ctx.restore();
}

/**
 * Draws the center line and the control limits. `getLimits` is read at
 * every redraw, so new limits only need a redraw, not a new chart.
 */
export function limitsPlugin(
  getLimits: () => ChartLimits | null,
  format: (value: number) => string,
): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (u: uPlot) => {
        const limits = getLimits();
        if (limits) drawZones(u, limits);
      },
      draw: (u: uPlot) => {
        const limits = getLimits();
        if (!limits) return;
        const lclLabel =
          limits.lcl < limits.lclDrawn
            ? `LCL ${format(limits.lcl)} (drawn at ${format(limits.lclDrawn)})`
            : `LCL ${format(limits.lcl)}`;
        drawLine(
          u,
          limits.ucl,
          CHART_COLORS.limit,
          [6, 4],
          `UCL ${format(limits.ucl)}`,
        );
        drawLine(
          u,
          limits.center,
          CHART_COLORS.center,
          [],
          `CL ${format(limits.center)}`,
        );
        drawLine(
          u,
          limits.lclDrawn,
          CHART_COLORS.limit,
          [6, 4],
          lclLabel,
          true,
        );
      },
    },
  };
}

/**
 * Marks flagged points: a filled ring in the flag colour at each non-null
 * value of the marker series `seriesIdx`.
 */
export function flagMarkersPlugin(seriesIdx: number): uPlot.Plugin {
  return {
    hooks: {
      draw: (u: uPlot) => {
        const xs = u.data[0];
        const marks = u.data[seriesIdx];
        if (!marks) return;

        const { ctx } = u;
        const ratio = devicePixelRatio || 1;
        const r = 5 * ratio;
        // One path for every marker, filled and stroked once: a week of
        // data can carry thousands of flags.
        ctx.save();
        ctx.beginPath();
        for (let i = 0; i < marks.length; i++) {
          const y = marks[i];
          const x = xs[i];
          if (y === null || y === undefined || x === undefined) continue;
          const cx = u.valToPos(x, "x", true);
          const cy = u.valToPos(y, "y", true);
          if (!Number.isFinite(cy)) continue;
          ctx.moveTo(cx + r, cy);
          ctx.arc(cx, cy, r, 0, 2 * Math.PI);
        }
        ctx.fillStyle = CHART_COLORS.flag;
        ctx.fill();
        ctx.strokeStyle = CHART_COLORS.flagRing;
        ctx.lineWidth = 1.5 * ratio;
        ctx.stroke();
        ctx.restore();
      },
    },
  };
}

function band(u: uPlot, from: number, to: number, color: string): void {
  const { ctx, bbox } = u;
  const top = bbox.top;
  const bottom = bbox.top + bbox.height;
  const clamp = (y: number) => Math.min(Math.max(y, top), bottom);
  const y1 = u.valToPos(from, "y", true);
  const y2 = u.valToPos(to, "y", true);
  if (!Number.isFinite(y1) || !Number.isFinite(y2)) return;
  const a = clamp(Math.min(y1, y2));
  const b = clamp(Math.max(y1, y2));
  if (b <= a) return;
  ctx.fillStyle = color;
  ctx.fillRect(bbox.left, a, bbox.width, b - a);
}

/**
 * Shades CL +- 1 sigma and the band out to 2 sigma, under the data. With
 * asymmetric limits (log transform) each side is cut in thirds instead.
 */
function drawZones(u: uPlot, l: ChartLimits): void {
  const up = l.sigma ?? (l.ucl - l.center) / 3;
  const down = l.sigma ?? (l.center - l.lcl) / 3;
  if (!(up > 0) || !(down > 0)) return;
  u.ctx.save();
  band(u, l.center - down, l.center + up, CHART_COLORS.zone1);
  band(u, l.center + up, l.center + 2 * up, CHART_COLORS.zone2);
  band(u, l.center - 2 * down, l.center - down, CHART_COLORS.zone2);
  u.ctx.restore();
}

/** Draws the lines `getLines` gives at each redraw (MR limits, CUSUM h). */
export function linesPlugin(getLines: () => HLine[]): uPlot.Plugin {
  return {
    hooks: {
      draw: (u: uPlot) => {
        for (const l of getLines()) {
          drawLine(u, l.value, l.color, l.dash, l.label, l.labelLeft);
        }
      },
    },
  };
}

/**
 * A tooltip naming the rules of the flagged point under the cursor. Its
 * text comes from `describe`, which returns null away from flagged points.
 */
export function flagTooltipPlugin(
  describe: (idx: number) => string | null,
): uPlot.Plugin {
  let tip: HTMLDivElement | null = null;
  return {
    hooks: {
      init: (u: uPlot) => {
        tip = document.createElement("div");
        tip.setAttribute("role", "tooltip");
        tip.dataset.testid = "flag-tooltip";
        tip.className =
          "pointer-events-none absolute z-10 hidden whitespace-nowrap rounded border border-rose-300 bg-slate-950 px-2 py-1 text-xs text-slate-50 shadow";
        u.over.appendChild(tip);
      },
      setCursor: (u: uPlot) => {
        if (!tip) return;
        const idx = u.cursor.idx;
        const text = idx === null || idx === undefined ? null : describe(idx);
        if (!text || u.cursor.left === undefined || u.cursor.left < 0) {
          tip.classList.add("hidden");
          return;
        }
        tip.textContent = text;
        tip.classList.remove("hidden");
        const x = u.data[0][idx as number] ?? 0;
        const left = u.valToPos(x, "x");
        tip.style.left = `${Math.min(left + 10, u.over.clientWidth - 220)}px`;
        tip.style.top = `${Math.max((u.cursor.top ?? 0) - 30, 0)}px`;
      },
    },
  };
}

/**
 * Reports a range dragged on the chart (Unix seconds), e.g. to freeze a
 * baseline; the chart does not zoom.
 */
export function rangeSelectPlugin(
  onSelect: (fromS: number, toS: number) => void,
): uPlot.Plugin {
  return {
    hooks: {
      setSelect: (u: uPlot) => {
        if (u.select.width < 2) return;
        const from = u.posToVal(u.select.left, "x");
        const to = u.posToVal(u.select.left + u.select.width, "x");
        onSelect(from, to);
      },
    },
  };
}
