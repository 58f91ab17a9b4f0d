/**
 * `npm run bench`: runs the default export of every test/bench/*.bench.ts, one after another;
 * each prints its own table.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = import.meta.dirname;
const only = process.argv[2];
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts') && (!only || name.includes(only)))
  .sort();
for (const file of files) {
  const module = (await import(pathToFileURL(join(dir, file)).href)) as { default?: () => Promise<void> };
  if (typeof module.default !== 'function') throw new Error(`${file} has no default export to run`);
  process.stdout.write(`\n== ${file} ==\n`);
  const started = performance.now();
  await module.default();
  process.stdout.write(`(${file}: ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}
process.exit(0);
