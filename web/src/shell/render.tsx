// Run by vite.config.ts at build time, in Node.
import { renderToStaticMarkup } from "react-dom/server";
import { ChartShell } from "./ChartShell";

export const renderChartShell = (): string =>
  renderToStaticMarkup(<ChartShell />);
