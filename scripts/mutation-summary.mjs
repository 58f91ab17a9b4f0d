#!/usr/bin/env node
// Summarises the last mutation run (reports/mutation/mutation.json, written by `npm run test:mutation`) as
// reports/mutation.md: the score per folder, and every mutant no test noticed, so each is either a test to write
// or, when equivalent, a `// Stryker disable next-line <mutator>: <why>` comment in the code (listed as ignored).
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// One report, or several (`node scripts/mutation-summary.mjs reports/mutation/runs/*.json`): runs scoped to a few files
// each, on a busy machine, are combined here file by file; a file in two reports counts from the later one.
// The reports are taken oldest first by their file's modification time (when the run's json was written or copied),
// not in the order given: a shell glob sorts by name, and the latest run of a file must win.
const sources = (process.argv.length > 2 ? process.argv.slice(2) : ['reports/mutation/mutation.json'])
  .map((path) => ({ path, at: statSync(resolve(root, path)).mtimeMs }))
  .sort((a, b) => a.at - b.at)
  .map((s) => s.path);
const reports = sources.map((path) => JSON.parse(readFileSync(resolve(root, path), 'utf8')));
const report = { files: Object.assign({}, ...reports.map((r) => r.files)) };

// Why each survivor left is equivalent, or what is still to write, kept by hand in reports/mutation-notes.md as lines
// "- `shared/src/<file>.ts:<line> <Mutator>`: why" (one per mutant, or per line and mutator when several are alike).
const notes = join(root, 'reports/mutation-notes.md');
const notesText = existsSync(notes) ? readFileSync(notes, 'utf8') : '';
const explained = new Map();
for (const match of notesText.matchAll(/^- `([^`\s]+:\d+) (\w+)`: (.+)$/gm)) explained.set(`${match[1]} ${match[2]}`, match[3].trim());
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

const byFolder = new Map();
const survivors = [];
const ignored = [];
for (const [path, file] of Object.entries(report.files)) {
  const rel = relative(root, resolve(root, path));
  const folder = dirname(rel);
  const counts = byFolder.get(folder) ?? { detected: 0, undetected: 0, ignored: 0 };
  const lines = file.source.split('\n');
  for (const m of file.mutants) {
    const where = `${rel}:${m.location.start.line}`;
    const code = (lines[m.location.start.line - 1] ?? '').trim().slice(0, 100);
    if (DETECTED.has(m.status)) counts.detected += 1;
    else if (UNDETECTED.has(m.status)) {
      counts.undetected += 1;
      const why = explained.get(`${where} ${m.mutatorName}`) ?? 'still to do';
      survivors.push({ where, mutator: m.mutatorName, replacement: (m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 60), code, status: m.status, why });
    } else if (m.status === 'Ignored') {
      counts.ignored += 1;
      ignored.push({ where, mutator: m.mutatorName, reason: m.statusReason ?? '' });
    }
  }
  byFolder.set(folder, counts);
}

const pct = (c) => (c.detected + c.undetected === 0 ? '—' : `${((100 * c.detected) / (c.detected + c.undetected)).toFixed(1)} %`);
const total = [...byFolder.values()].reduce((t, c) => ({ detected: t.detected + c.detected, undetected: t.undetected + c.undetected, ignored: t.ignored + c.ignored }), { detected: 0, undetected: 0, ignored: 0 });
// A survivor is still to do unless its note says why it is left; a note may also say what is still to do.
const toDo = (s) => s.why === 'still to do' || s.why.startsWith('to do');
const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/`/g, "'");

const out = [
  '# Mutation testing: the last run',
  '',
  'Written by `npm run test:mutation` (StrykerJS, `stryker.config.mjs`) from `reports/mutation/mutation.json`;',
  'the browsable report is `reports/mutation/index.html`. A mutant is a small change to the code (a `>` for a `>=`,',
  'a removed statement, an emptied string); it is killed when a test fails. Killed = killed or timed out; the score',
  'is killed ÷ (killed + survived + not covered). Ignored mutants are equivalent ones, marked in the code with the reason.',
  'Ignored also counts mutants in module-level constants (`ignoreStatic`: they would rerun every test).',
  '',
  ...(sources.length > 1 ? [`Combined from ${sources.length} scoped runs (${sources.map((s) => `\`${s}\``).join(', ')}): oldest first; a file mutated by several counts from the latest; each row counts only the files those runs mutated.`, ''] : []),
  'The run uses the rule tests only (shared/vitest.mutation.config.ts): the seeded convergence tests are left out for',
  'time, so what only they exercise (onChange, most edits of existing records) shows as not covered here.',
  '',
  '| folder | killed | survived or not covered | ignored | score |',
  '| --- | --- | --- | --- | --- |',
  ...[...byFolder.entries()].sort().map(([folder, c]) => `| ${folder} | ${c.detected} | ${c.undetected} | ${c.ignored} | ${pct(c)} |`),
  `| **all** | ${total.detected} | ${total.undetected} | ${total.ignored} | ${pct(total)} |`,
  '',
  `## Survivors (${survivors.length})`,
  '',
  'Each is a test to write, or an equivalent mutant to mark in the code with why. "Why" comes from',
  '`reports/mutation-notes.md` (an equivalent mutant left unmarked, because a mark names a mutator for the whole line',
  'and would also hide a sibling the tests kill); "still to do" is a gap in the tests.',
  '',
  `${survivors.filter((s) => !toDo(s)).length} explained as equivalent or out of reach, ${survivors.filter(toDo).length} still to do.`,
  '',
  '| where | mutator | becomes | line | why |',
  '| --- | --- | --- | --- | --- |',
  ...survivors.map((s) => `| ${s.where}${s.status === 'NoCoverage' ? ' (no test runs it)' : ''} | ${s.mutator} | \`${cell(s.replacement)}\` | \`${cell(s.code)}\` | ${cell(s.why)} |`),
  '',
  `## Ignored as equivalent (${ignored.length})`,
  '',
  ...(ignored.length === 0 ? ['None yet.'] : ['| where | mutator | why |', '| --- | --- | --- |', ...ignored.map((i) => `| ${i.where} | ${i.mutator} | ${cell(i.reason)} |`)]),
  '',
];
// What a person found reading the survivors (why each left is equivalent, or what is still to write) lives in
// reports/mutation-notes.md, kept by hand, and is appended so the summary can be regenerated without losing it.
if (notesText !== '') out.push(notesText);
writeFileSync(join(root, 'reports/mutation.md'), out.join('\n'));
console.log(`reports/mutation.md: ${pct(total)} of ${total.detected + total.undetected} mutants killed, ${survivors.length} survivors listed`);
