import type uPlot from "uplot";
import type { ChartLimits } from "./types";

/** Colours of the chart, chosen for contrast on the dark background. */
export const CHART_COLORS = {
  points: "#7dd3fc",
  center: "#4ade80",
  limit: "#fbbf24",
  flag: "#f43f5e",
  flagRing: "#fff1f2",
  label: "#e2e8f0",
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
        ctx.save();
        ctx.fillStyle = CHART_COLORS.flag;
        ctx.strokeStyle = CHART_COLORS.flagRing;
        ctx.lineWidth = 1.5 * ratio;
        for (let i = 0; i < marks.length; i++) {
          const y = marks[i];
          const x = xs[i];
          if (y === null || y === undefined || x === undefined) continue;
          const cx = u.valToPos(x, "x", true);
          const cy = u.valToPos(y, "y", true);
          if (!Number.isFinite(cy)) continue;
          ctx.beginPath();
          ctx.arc(cx, cy, 5 * ratio, 0, 2 * Math.PI);
          ctx.fill();
          ctx.stroke();
        }
        ctx.restore();
      },
    },
  };
}
