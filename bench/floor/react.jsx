// The floor with React: the same chart, made in an effect of a component.
import { useEffect, useRef } from "react";
import { createRoot } from "react-dom/client";
import uPlot from "uplot";
import { POINTS, options } from "./points.js";

function Chart() {
  const ref = useRef(null);
  useEffect(() => {
    const host = ref.current;
    const plot = new uPlot(options(Math.max(host.clientWidth, 200)), POINTS, host);
    return () => plot.destroy();
  }, []);
  return <div ref={ref} />;
}

createRoot(document.getElementById("root")).render(
  <main>
    <h1>LLMscope</h1>
    <Chart />
  </main>,
);
