import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * `npm run bench`: runs every module in scripts/bench/*.ts in turn (each exports
 * `default async function ({ log, record })`), then writes bench-results/latest.json and
 * prints a summary. Benchmarks are measurements, not tests: nothing here passes or fails on
 * a figure. `npm run bench -- search` runs only the modules named.
 */
const help = `Run the benchmarks in scripts/bench/ and write bench-results/latest.json.

Usage:
  npm run bench                 every benchmark
  npm run bench -- search       only scripts/bench/search.ts (names are file names without .ts)

Each benchmark documents its own environment variables for a quicker, smaller run
(for example BENCH_SEARCH_SCALE=1000).`;

type Figures = Record<string, unknown>;
export type BenchContext = { log: (message: string) => void; record: (name: string, figures: Figures | unknown) => void };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const benchDir = path.join(root, "scripts", "bench");

async function main() {
  const args = process.argv.slice(2);
  if (args.includes("--help")) return console.log(help);
  const wanted = new Set(args.filter((a) => !a.startsWith("-")));
  const modules = readdirSync(benchDir)
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
    .sort()
    .filter((file) => wanted.size === 0 || wanted.has(file.replace(/\.ts$/, "")));
  if (modules.length === 0) throw new Error(`No benchmark matches ${[...wanted].join(", ")}`);

  const results: Record<string, unknown> = {};
  const runs: { module: string; ms: number; error?: string }[] = [];
  for (const file of modules) {
    const name = file.replace(/\.ts$/, "");
    const log = (message: string) => console.log(`[bench:${name}] ${message}`);
    const record = (key: string, figures: unknown) => {
      results[key] = figures;
    };
    const started = Date.now();
    try {
      const mod = (await import(pathToFileURL(path.join(benchDir, file)).href)) as { default: (ctx: BenchContext) => Promise<unknown> };
      await mod.default({ log, record });
      runs.push({ module: name, ms: Date.now() - started });
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`failed: ${message}`);
      runs.push({ module: name, ms: Date.now() - started, error: message.split("\n")[0] });
      process.exitCode = 1;
    }
  }

  // Running one benchmark (npm run bench -- search) keeps the others' latest figures in the file;
  // each result carries when and on what it was measured.
  const latestFile = path.join(root, "bench-results", "latest.json");
  const previous = existsSync(latestFile) ? (JSON.parse(readFileSync(latestFile, "utf8")) as { runs?: typeof runs; results?: Record<string, unknown> }) : {};
  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverage: os.loadavg() };
  const finishedAt = new Date().toISOString();
  const stamped = Object.fromEntries(Object.entries(results).map(([key, figures]) => [key, { measuredAt: finishedAt, machine, ...(figures as object) }]));
  const report = {
    finishedAt,
    runs: [...(previous.runs ?? []).filter((run) => !runs.some((r) => r.module === run.module)), ...runs],
    results: { ...previous.results, ...stamped },
  };
  mkdirSync(path.join(root, "bench-results"), { recursive: true });
  writeFileSync(latestFile, `${JSON.stringify(report, null, 2)}\n`);

  console.log("\nBenchmark summary");
  for (const run of runs) console.log(`  ${run.module}: ${run.error ? `FAILED (${run.error})` : `done in ${(run.ms / 1000).toFixed(1)} s`}`);
  for (const [key, figures] of Object.entries(results)) console.log(`  ${key}: ${JSON.stringify(figures)}`);
  console.log("Written to bench-results/latest.json");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
