/**
 * Client figures against their targets:
 * - first-screen JavaScript: gzip size of the JS the portfolio loads, and of the JS the charter
 *   screen loads (Tiptap is split out so that only the charter pays for it); target < 300 KB each
 * - time from navigation to an editable charter for an alliance of 20,000 edits already in
 *   IndexedDB; target < 1 s
 * The built app, served by the real relay, in real Chromium.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as Y from 'yjs';
import type { Page } from 'playwright-core';
import { AllianceDocument } from '@trellis/shared';
import { CLIENT_DIST, startApp, type AppUnderTest } from '../e2e/harness.ts';
import { markdownTable } from './report.ts';
import { openFromIndexedDb } from './seededProfile.ts';

const JS_TARGET_KB = 300;
const CHARTER_TARGET_MS = 1000;
const EDITS = 20_000;
const RUNS = 5;

export default async function clientBench(): Promise<string> {
  const app = await startApp();
  try {
    const portfolioKb = await firstScreenJs(app, '/');
    const example = await exampleCharterHash(app);
    const charterKb = await firstScreenJs(app, example);
    const times: number[] = [];
    let lastEdit = '';
    const { update, text } = bigAlliance();
    lastEdit = text;
    for (let run = 0; run < RUNS; run++) times.push(await timeToEditableCharter(app, update, lastEdit));
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    const rows = [
      ['first-screen JS, portfolio (gzip)', `${portfolioKb.toFixed(1)} KB`, `< ${JS_TARGET_KB} KB`, portfolioKb < JS_TARGET_KB],
      ['first-screen JS, charter (gzip)', `${charterKb.toFixed(1)} KB`, `< ${JS_TARGET_KB} KB`, charterKb < JS_TARGET_KB],
      [
        `navigation → editable charter, ${EDITS.toLocaleString('en')} edits in IndexedDB (median of ${RUNS})`,
        `${median.toFixed(0)} ms (runs: ${times.map((t) => t.toFixed(0)).join(', ')}; update ${(update.byteLength / 1024).toFixed(0)} KB)`,
        `< ${CHARTER_TARGET_MS} ms`,
        median < CHARTER_TARGET_MS,
      ],
    ] as const;
    const results = markdownTable(['measure', 'figure', 'target', 'ok'], rows.map(([a, b, c, d]) => [a, b, c, d ? 'yes' : 'NO']));
    process.stdout.write(results + '\n');
    return results;
  } finally {
    await app.close();
  }
}

/** Gzip size of every script the page loads until it is idle on `hash`, in a fresh profile. */
async function firstScreenJs(app: AppUnderTest, hash: string): Promise<number> {
  const context = await app.newContext();
  const page = await context.newPage();
  const scripts = new Set<string>();
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (path.startsWith('/assets/') && path.endsWith('.js')) scripts.add(path);
  });
  if (hash !== '/') await seedFromExample(page, app);
  await page.goto(app.url + hash);
  if (hash === '/') await page.getByRole('heading', { name: 'Your alliances' }).waitFor();
  else await page.getByRole('textbox', { name: 'Charter text' }).waitFor();
  await page.waitForLoadState('networkidle');
  await context.close();
  let bytes = 0;
  for (const path of scripts) bytes += gzipSync(readFileSync(join(CLIENT_DIST, path))).byteLength;
  return bytes / 1024;
}

let exampleSeed: { hash: string; registry: Record<string, string> } | null = null;

/** Makes the example once, remembering its registry entry so a fresh profile can open its charter. */
async function exampleCharterHash(app: AppUnderTest): Promise<string> {
  const context = await app.newContext();
  const page = await context.newPage();
  await page.goto(app.url + '/');
  await page.getByRole('button', { name: 'Try the example' }).click();
  await page.waitForURL(/#\/a\/[A-Za-z0-9_-]{22}$/);
  const id = /#\/a\/([A-Za-z0-9_-]{22})/.exec(page.url())![1]!;
  // Wait until the relay holds it, so a fresh profile gets it by sync.
  await page.getByRole('status', { name: 'Connection: Synced' }).waitFor();
  const registry = (await page.evaluate('Object.fromEntries(Object.entries(localStorage))')) as Record<string, string>;
  const entry = JSON.parse(registry[`trellis.alliance.v1.${id}`]!) as Record<string, unknown>;
  registry[`trellis.alliance.v1.${id}`] = JSON.stringify({ ...entry, displayName: 'Bench', registered: true });
  exampleSeed = { hash: `/#/a/${id}/charter`, registry };
  await context.close();
  return exampleSeed.hash;
}

async function seedFromExample(page: Page, app: AppUnderTest): Promise<void> {
  if (!exampleSeed) throw new Error('no example made yet');
  await page.goto(app.url + '/healthz');
  await page.evaluate(`(() => { const r = ${JSON.stringify(exampleSeed.registry)}; for (const k in r) localStorage.setItem(k, r[k]); })()`);
}

/** An alliance whose charter took 20,000 edits (typing, with every tenth keystroke a deletion). */
function bigAlliance(): { update: Uint8Array; text: string } {
  const doc = new Y.Doc();
  const alliance = AllianceDocument.create(doc, {
    name: 'Twenty thousand edits',
    mode: 'full',
    partners: [{ name: 'TechCo' }, { name: 'LogiCorp' }],
    withCharterTemplate: true,
  });
  const charter = alliance.charter();
  let paragraph: Y.XmlText | null = null;
  let length = 0;
  const sentence = 'The partners agree to share routing data early and to review the depot plan together. ';
  for (let edit = 0; edit < EDITS; edit++) {
    doc.transact(() => {
      if (!paragraph || length >= 240) {
        const element = new Y.XmlElement('paragraph');
        paragraph = new Y.XmlText();
        element.insert(0, [paragraph]);
        charter.insert(charter.length, [element]);
        length = 0;
      }
      if (edit % 10 === 9 && length > 0) {
        paragraph.delete(length - 1, 1);
        length -= 1;
      } else {
        paragraph.insert(length, sentence[(edit + length) % sentence.length]!);
        length += 1;
      }
    });
  }
  const marker = 'Last clause of the big alliance.';
  doc.transact(() => {
    const element = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    text.insert(0, marker);
    element.insert(0, [text]);
    charter.insert(charter.length, [element]);
  });
  return { update: Y.encodeStateAsUpdate(doc), text: marker };
}

/** Times a navigation to the charter of an alliance held only in a fresh profile's IndexedDB. */
async function timeToEditableCharter(app: AppUnderTest, update: Uint8Array, marker: string): Promise<number> {
  const opened = await openFromIndexedDb(app, update, marker, 'Twenty thousand edits');
  await opened.context.close();
  return opened.editableAt;
}
