/**
 * `npm run bench`: runs the default export of every test/bench/*.bench.ts (or those whose name
 * contains argv[2]), one after another. Each prints its results and returns them as Markdown, which
 * goes into its section of reports/bench.md.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPORT_FILE, writeReportSection } from './report.ts';

const dir = import.meta.dirname;
const only = process.argv[2];
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts') && (!only || name.includes(only)))
  .sort();
for (const file of files) {
  const module = (await import(pathToFileURL(join(dir, file)).href)) as { default?: () => Promise<string> };
  if (typeof module.default !== 'function') throw new Error(`${file} has no default export to run`);
  process.stdout.write(`\n== ${file} ==\n`);
  const started = performance.now();
  const results = await module.default();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`(${file}: ${seconds} s)\n`);
  writeReportSection(file, `${results}\n\n(${seconds} s)`);
  process.stdout.write(`written to ${relative(process.cwd(), REPORT_FILE)}\n`);
}
process.exit(0);
