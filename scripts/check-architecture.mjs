#!/usr/bin/env node
// The architecture, checked: shared/ is a pure core (no client/, sync-server/, DOM or node:* imports in its
// non-test modules) and no package has circular run-time imports between its own modules.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SHARED_ALLOWED_PACKAGES = new Set(['yjs', 'lib0', 'y-protocols']);
const DOM_GLOBALS = /\b(window|document|localStorage|sessionStorage|indexedDB|navigator|HTMLElement|fetch)\s*[.(]/;

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else if (/\.(ts|svelte)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function importsOf(source, { runtimeOnly = false } = {}) {
  const specs = [];
  const pattern = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const match of source.matchAll(pattern)) {
    // Type-only imports vanish at run time, so they cannot form a cycle that matters.
    if (runtimeOnly && match[1]) continue;
    specs.push(match[2] ?? match[3]);
  }
  return specs;
}

const problems = [];
const isTest = (file) => /\.test\.ts$/.test(file) || file.includes('/testing/');

for (const file of walk(join(root, 'shared/src'))) {
  const rel = relative(root, file);
  const source = readFileSync(file, 'utf8');
  for (const spec of importsOf(source)) {
    if (spec.startsWith('.')) {
      const target = relative(root, resolve(dirname(file), spec));
      if (!target.startsWith('shared/')) problems.push(`${rel}: imports ${spec} from outside shared/`);
    } else if (spec.startsWith('node:')) {
      if (!isTest(file)) problems.push(`${rel}: imports ${spec} (shared/ has no I/O)`);
    } else {
      const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (!SHARED_ALLOWED_PACKAGES.has(pkg) && !(isTest(file) && pkg === 'vitest')) {
        problems.push(`${rel}: imports package ${spec} (shared/ may use only ${[...SHARED_ALLOWED_PACKAGES].join(', ')})`);
      }
    }
  }
  if (!isTest(file)) {
    const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    const dom = DOM_GLOBALS.exec(code);
    if (dom) problems.push(`${rel}: uses the DOM or platform global "${dom[1]}"`);
  }
}

// Circular imports between a package's own modules.
for (const pkg of ['shared/src', 'sync-server/src', 'client/src']) {
  let files;
  try {
    files = walk(join(root, pkg));
  } catch {
    continue;
  }
  const graph = new Map();
  for (const file of files) {
    const deps = importsOf(readFileSync(file, 'utf8'), { runtimeOnly: true })
      .filter((s) => s.startsWith('.'))
      .map((s) => resolve(dirname(file), s));
    graph.set(file, deps.filter((d) => graph.has(d) || files.includes(d)));
  }
  const state = new Map();
  const stack = [];
  const visit = (node) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') {
        const cycle = stack.slice(stack.indexOf(next)).concat(next).map((f) => relative(root, f));
        problems.push(`circular import: ${cycle.join(' -> ')}`);
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
}

if (problems.length > 0) {
  console.error(`Architecture check failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('Architecture check: shared/ is a pure core; no circular imports.');
