/**
 * A build step for uPlot (vite.config.ts): its module makes an
 * Intl.NumberFormat and an Intl.DateTimeFormat as soon as it is loaded.
 * The page's first Intl object loads ICU's locale data, some 15 ms of the
 * main thread on a 2-core machine, right before the first chart is drawn;
 * and the chart needs neither (its axes and tooltips use the dashboard's
 * own formatting, dashboard/format.ts). Rewritten, uPlot makes each one
 * the first time it is used.
 */

/** Each statement as uPlot 1.6 writes it, and what it becomes. */
const REWRITES: [from: string, to: string][] = [
  [
    "const numFormatter = new Intl.NumberFormat(domEnv ? nav.language : 'en-US');\n" +
      "const fmtNum = val => numFormatter.format(val);",
    "let numFormatter;\n" +
      "const fmtNum = val => (numFormatter ??=\n" +
      "  new Intl.NumberFormat(domEnv ? nav.language : 'en-US')).format(val);",
  ],
  [
    "const localTz = new Intl.DateTimeFormat().resolvedOptions().timeZone;",
    "let localTz;\n" +
      "const getLocalTz = () =>\n" +
      "  (localTz ??= new Intl.DateTimeFormat().resolvedOptions().timeZone);",
  ],
  ["\telse if (tz == localTz)", "\telse if (tz == getLocalTz())"],
];

/** True for uPlot's ES module, the file the page's bundle takes. */
export function isUplotModule(id: string): boolean {
  return /[\\/]node_modules[\\/]uplot[\\/]dist[\\/]uPlot\.esm\.js$/.test(id);
}

/**
 * uPlot's module with its Intl objects made on first use. Throws when a
 * statement is not found exactly once (another uPlot version): the build
 * must fail rather than quietly lose the rewrite.
 */
export function lazyIntl(code: string): string {
  let out = code;
  for (const [from, to] of REWRITES) {
    const count = out.split(from).length - 1;
    if (count !== 1)
      throw new Error(
        `uPlot's module has ${count} copies of ${JSON.stringify(from)}; ` +
          "update src/build/lazyIntl.ts for this uPlot version",
      );
    out = out.replace(from, to);
  }
  return out;
}
