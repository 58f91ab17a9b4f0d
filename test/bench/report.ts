/**
 * reports/bench.md: each bench's last results, between markers of its own, with the date and the
 * machine they were measured on; whatever lies outside the markers (the notes on measurements
 * behind design choices) is kept as written. A run of some benches replaces only their sections.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';

export const REPORT_FILE = join(import.meta.dirname, '../../reports/bench.md');

/** A table as Markdown, padded so that it also reads as plain text on a terminal. */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((cell, col) => Math.max(cell.length, ...rows.map((row) => row[col]!.length)));
  const line = (cells: string[]) => '| ' + cells.map((cell, col) => cell.padEnd(widths[col]!)).join(' | ') + ' |';
  return [line(header), '|' + widths.map((width) => '-'.repeat(width + 2)).join('|') + '|', ...rows.map(line)].join('\n');
}

/** Where and when: enough to tell whether two reports can be compared. */
export function machineLine(): string {
  const processors = cpus();
  const model = processors[0]?.model.trim() ?? 'unknown CPU';
  const commit = gitCommit();
  return [
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    `${processors.length} × ${model}`,
    `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `${platform()} ${release()} ${arch()}`,
    `Node ${process.version}`,
    `commit ${commit}`,
    `load average ${loadavg()[0]!.toFixed(1)} at the end`,
  ].join(', ');
}

function gitCommit(): string {
  try {
    const run = (args: string[]) => execFileSync('git', args, { cwd: import.meta.dirname, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return `${run(['rev-parse', '--short', 'HEAD'])}${run(['status', '--porcelain', '--untracked-files=no']) ? ' with uncommitted changes' : ''}`;
  } catch {
    return 'unknown';
  }
}

const HEADING = `# Benchmarks

Written by \`npm run bench\` (\`test/bench/\`): each section below holds the last results of one
bench, with the machine and the date they were measured on. Ratios compare with a baseline measured
in the same run, on the same machine; absolute figures move with the machine and its load.
`;

/** Replaces (or adds) the section of `bench` in the report with `body`. */
export function writeReportSection(bench: string, body: string): void {
  const begin = `<!-- ${bench}: written by npm run bench -->`;
  const end = `<!-- /${bench} -->`;
  const section = `${begin}\n## ${bench}\n\n${machineLine()}\n\n${body.trim()}\n${end}`;
  const current = existsSync(REPORT_FILE) ? readFileSync(REPORT_FILE, 'utf8') : HEADING;
  const from = current.indexOf(begin);
  const to = current.indexOf(end);
  let next: string;
  if (from !== -1 && to > from) next = current.slice(0, from) + section + current.slice(to + end.length);
  else {
    // New sections go after the others, before the notes.
    const notes = current.indexOf('\n## Notes');
    next = notes === -1 ? `${current.trimEnd()}\n\n${section}\n` : `${current.slice(0, notes).trimEnd()}\n\n${section}\n${current.slice(notes)}`;
  }
  mkdirSync(dirname(REPORT_FILE), { recursive: true });
  writeFileSync(REPORT_FILE, next);
}
