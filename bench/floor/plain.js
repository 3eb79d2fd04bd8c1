// The floor without a framework: uPlot draws 3,228 points held in the page.
import uPlot from "uplot";
import { POINTS, options } from "./points.js";

const host = document.getElementById("root");
new uPlot(options(Math.max(host.clientWidth, 200)), POINTS, host);
