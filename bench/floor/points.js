// 3,228 points, as many as the dashboard draws for 24 h, made in the page
// (no request), and the chart options with the mark the dashboard sets.
const N = 3228;
const xs = new Array(N);
const ys = new Array(N);
for (let i = 0; i < N; i++) {
  xs[i] = 1.7e9 + i * 27;
  const u = Math.sin(i * 12.9898) * 43758.5453;
  ys[i] = 800 * Math.exp((u - Math.floor(u) - 0.5) * 0.4);
}
export const POINTS = [xs, ys];

export const options = (width) => ({
  width,
  height: 300,
  series: [{}, { stroke: "#7dd3fc" }],
  hooks: { draw: [() => performance.mark("llmscope:drawn:floor")] },
});
