// Loading a benchmark's server: `total` samples posted through
// POST /api/stats in batches of 20,000, `stepMs` apart and ending now;
// `sample(i)` gives each one's provider, model and values.
const BATCH = 20_000;

/** Posts the samples; resolves with the milliseconds it took. */
export async function postSamples(server, total, stepMs, sample) {
  const end = Date.now();
  const started = performance.now();
  for (let first = 0; first < total; first += BATCH) {
    const batch = [];
    for (let i = first; i < Math.min(first + BATCH, total); i++) {
      const timestamp = new Date(end - (total - 1 - i) * stepMs).toISOString();
      batch.push({ ...sample(i), timestamp });
    }
    const res = await server.api("POST", "/api/stats", batch);
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  }
  return performance.now() - started;
}
