#!/usr/bin/env node
// Every rule id a test cites (`it('GOV-6: …')`) must be defined in shared/METHOD.md or sync-server/PROTOCOL.md,
// so a reader can look up what a failing test promised. A range in the docs ("HOSTILE-1..9") defines each id in it.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RULE_DOCS = ['shared/METHOD.md', 'sync-server/PROTOCOL.md'];
const TEST_ROOTS = ['shared/src', 'sync-server/src', 'client/src', 'test'];
const ID = /\b([A-Z][A-Z]+)-(\d+)(?:\.\.(\d+))?\b/g;
// A test names its rule in its title: the first argument of it/test/describe.
const TITLE = /\b(?:it|test|describe)(?:\.each\([^)]*\))?\(\s*(['"`])((?:(?!\1)[^\\]|\\.)*)\1/g;

const defined = new Set();
for (const doc of RULE_DOCS) {
  for (const [, name, from, to] of readFileSync(join(root, doc), 'utf8').matchAll(ID)) {
    for (let n = Number(from); n <= Number(to ?? from); n += 1) defined.add(`${name}-${n}`);
  }
}

function testFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...testFiles(path));
    else if (/\.test\.ts$/.test(name)) out.push(path);
  }
  return out;
}

const unknown = [];
let cited = 0;
for (const file of TEST_ROOTS.flatMap((dir) => testFiles(join(root, dir)))) {
  for (const [, , title] of readFileSync(file, 'utf8').matchAll(TITLE)) {
    for (const [id, name, from, to] of title.matchAll(ID)) {
      for (let n = Number(from); n <= Number(to ?? from); n += 1) {
        cited += 1;
        if (!defined.has(`${name}-${n}`)) unknown.push(`${relative(root, file)}: ${id} is not defined in ${RULE_DOCS.join(' or ')}`);
      }
    }
  }
}

if (unknown.length > 0) {
  console.error(`Rule id check failed:\n  ${[...new Set(unknown)].join('\n  ')}`);
  process.exit(1);
}
console.log(`Rule id check: ${cited} citations, every id defined.`);
