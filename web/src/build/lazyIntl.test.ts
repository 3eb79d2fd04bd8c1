import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { isUplotModule, lazyIntl } from "./lazyIntl";

const uplotFile = createRequire(import.meta.url).resolve(
  "uplot/dist/uPlot.esm.js",
);
const original = readFileSync(uplotFile, "utf8");

/** Loads `code` as a module of its own, counting the Intl objects made. */
async function load(code: string) {
  const made = { number: 0, date: 0 };
  const { NumberFormat, DateTimeFormat } = Intl;
  Intl.NumberFormat = class extends NumberFormat {
    constructor(...a: ConstructorParameters<typeof NumberFormat>) {
      super(...a);
      made.number++;
    }
  } as typeof NumberFormat;
  Intl.DateTimeFormat = class extends DateTimeFormat {
    constructor(...a: ConstructorParameters<typeof DateTimeFormat>) {
      super(...a);
      made.date++;
    }
  } as typeof DateTimeFormat;
  const dir = mkdtempSync(join(tmpdir(), "llmscope-uplot-"));
  restore = () => {
    Object.assign(Intl, { NumberFormat, DateTimeFormat });
    rmSync(dir, { recursive: true, force: true });
  };
  const file = join(dir, "uPlot.mjs");
  writeFileSync(file, code);
  const module = (await import(
    /* @vite-ignore */ pathToFileURL(file).href
  )) as {
    default: { fmtNum: (v: number) => string };
  };
  return { made, uPlot: module.default };
}

let restore = () => {};
afterEach(() => restore());

describe("uPlot's Intl objects made on first use", () => {
  it("applies to uPlot's module only", () => {
    expect(isUplotModule(uplotFile)).toBe(true);
    expect(isUplotModule("/x/node_modules/uplot/dist/uPlot.cjs.js")).toBe(
      false,
    );
    expect(isUplotModule("/x/src/chart/uplot.ts")).toBe(false);
  });

  it("as shipped, uPlot makes both when it loads", async () => {
    const { made } = await load(original);
    expect(made).toEqual({ number: 1, date: 1 });
  });

  it("rewritten, it makes none when it loads, and formats as before", async () => {
    const { made, uPlot } = await load(lazyIntl(original));
    expect(made).toEqual({ number: 0, date: 0 });
    expect(uPlot.fmtNum(1234.5)).toBe("1,234.5");
    expect(uPlot.fmtNum(7)).toBe("7");
    expect(made.number).toBe(1); // made once, then kept
  });

  it("fails loudly on a uPlot it does not know", () => {
    expect(() => lazyIntl("export default {}")).toThrow(/0 copies/);
    const twice = original + original;
    expect(() => lazyIntl(twice)).toThrow(/2 copies/);
  });
});
