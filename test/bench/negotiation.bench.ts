/**
 * The charter as a negotiation table, at the size a long negotiation reaches: 200 comment threads (three comments
 * each), 500 suggestions (a word struck and another proposed, by both partners), 100 versions in its history, on a
 * charter of 120 clauses. Against their targets, in real Chromium on the built app, the alliance held only in the
 * profile's IndexedDB:
 * - navigation to an editable Charter tab, target < 1 s (median of 5);
 * - typing latency, from the key's event to the frame after the editor has taken it, target p95 < 16 ms (one frame),
 *   and the main thread's own time on a key without the wait for that frame (the same span less the idle wait);
 * - the document's size with and without its history, side by side (the same alliance built twice).
 */
import * as Y from 'yjs';
import { AllianceDocument, passageAnchors } from '@trellis/shared';
import { startApp } from '../e2e/harness.ts';
import { markdownTable } from './report.ts';
import { openFromIndexedDb } from './seededProfile.ts';

const CLAUSES = 120;
const THREADS = 200;
const REPLIES = 2;
const VERSIONS = 100;
const SUGGESTIONS = 500;
const RUNS = 5;
const KEYS = 150;
const EDITABLE_TARGET_MS = 1000;
const FRAME_MS = 16;
const MARKER = 'The last clause of the negotiated charter.';

export default async function negotiationBench(): Promise<string> {
  const withHistory = negotiatedAlliance(true);
  const withoutHistory = negotiatedAlliance(false);
  const app = await startApp();
  try {
    const times: number[] = [];
    let typed = { latency: [] as number[], work: [] as number[] };
    for (let run = 0; run < RUNS; run++) {
      const opened = await openFromIndexedDb(app, withHistory.update, MARKER, 'A long negotiation', withHistory.partnerId);
      times.push(opened.editableAt);
      if (run === RUNS - 1) typed = await typingLatencies(opened.page);
      await opened.context.close();
    }
    // The same keys in a short charter with nothing else on it: what the measure gives for the editor alone.
    const short = shortAlliance();
    const shortOpened = await openFromIndexedDb(app, short.update, MARKER, 'A short charter', short.partnerId);
    const baseline = await typingLatencies(shortOpened.page);
    await shortOpened.context.close();
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    const at = (list: number[], q: number) => list[Math.min(list.length - 1, Math.floor(q * list.length))]!;
    const spread = (list: number[]) => `p50 ${at(list, 0.5).toFixed(1)} ms, p95 ${at(list, 0.95).toFixed(1)} ms, max ${list.at(-1)!.toFixed(1)} ms`;
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
    const results = [
      `${CLAUSES} clauses, ${THREADS} comment threads of ${1 + REPLIES} comments, ${SUGGESTIONS} suggestions, ${VERSIONS} versions; Chromium, the built app.`,
      '',
      markdownTable(
        ['measure', 'figure', 'target', 'ok'],
        [
          [`navigation → editable Charter tab (median of ${RUNS})`, `${median.toFixed(0)} ms (runs: ${times.map((t) => t.toFixed(0)).join(', ')})`, `< ${EDITABLE_TARGET_MS} ms`, median < EDITABLE_TARGET_MS ? 'yes' : 'NO'],
          [`typing latency, key → next frame (${typed.latency.length} keys)`, spread(typed.latency), `p95 < ${FRAME_MS} ms`, at(typed.latency, 0.95) < FRAME_MS ? 'yes' : 'NO'],
          [`… the main thread's own time on a key, without the wait for the frame`, spread(typed.work), `p95 < ${FRAME_MS} ms`, at(typed.work, 0.95) < FRAME_MS ? 'yes' : 'NO'],
          [`… baseline: the same keys in a short charter with no threads, suggestions or history (latency; own time)`, `${spread(baseline.latency)}; ${spread(baseline.work)}`, '', ''],
        ],
      ),
      '',
      markdownTable(
        ['document (one merged update)', 'with the history', 'without it', 'history ÷ rest'],
        [['size', kb(withHistory.update.byteLength), kb(withoutHistory.update.byteLength), `${(withHistory.update.byteLength / withoutHistory.update.byteLength).toFixed(2)}×`]],
      ),
    ].join('\n');
    process.stdout.write(results + '\n');
    return results;
  } finally {
    await app.close();
  }
}

/**
 * The same negotiation built twice, with and without its history: clauses drafted, then 100 rounds each rewording
 * one clause (and keeping a version, when asked), threads opened on passages across the text with their replies.
 */
function negotiatedAlliance(keepHistory: boolean): { update: Uint8Array; partnerId: string } {
  const doc = new Y.Doc();
  const alliance = AllianceDocument.create(doc, {
    name: 'A long negotiation',
    mode: 'full',
    partners: [{ name: 'TechCo' }, { name: 'LogiCorp' }],
    withCharterTemplate: true,
  });
  const [techCo, logiCorp] = alliance.snapshot().partners;
  const charter = alliance.charter();
  const texts: Y.XmlText[] = [];
  doc.transact(() => {
    for (let clause = 0; clause < CLAUSES; clause++) {
      const element = new Y.XmlElement('paragraph');
      const text = new Y.XmlText();
      text.insert(0, clause === CLAUSES - 1 ? MARKER : `Clause ${clause + 1}: the partners share routing data within two days, keep one record of decisions, and review the depot plan together each quarter before any partner commits shared assets.`);
      element.insert(0, [text]);
      charter.insert(charter.length, [element]);
      texts.push(text);
    }
  });
  for (let round = 0; round < VERSIONS; round++) {
    const text = texts[(round * 7) % (CLAUSES - 1)]!;
    doc.transact(() => text.insert(text.length, ` Amended in round ${round + 1}.`));
    if (keepHistory) {
      const named = round % 5 === 4;
      alliance.takeCharterVersion({ kind: named ? 'named' : 'pause', name: named ? `Draft ${round + 1}` : undefined, partnerId: round % 2 ? logiCorp!.id : techCo!.id, by: 'Bench' });
    }
  }
  // Suggestions last, so that they stay open: in each clause, from its end back, a word struck and another proposed.
  const perClause = Math.ceil(SUGGESTIONS / (CLAUSES - 1));
  doc.transact(() => {
    for (let n = 0; n < SUGGESTIONS; n++) {
      const clause = n % (CLAUSES - 1);
      const slot = perClause - 1 - Math.floor(n / (CLAUSES - 1));
      const text = texts[clause]!;
      const at = 12 + slot * 36;
      const mark = { id: `s${n}`, by: n % 2 ? logiCorp!.id : techCo!.id };
      text.format(at, 5, { deletion: mark });
      text.insert(at + 5, 'agreed', { insertion: mark });
    }
  });
  for (let thread = 0; thread < THREADS; thread++) {
    const text = texts[(thread * 3) % (CLAUSES - 1)]!;
    const from = (thread * 13) % 60;
    const author = (i: number) => ((thread + i) % 2 ? { partnerId: logiCorp!.id, by: 'Ana' } : { partnerId: techCo!.id, by: 'Sam' });
    const { thread: opened } = alliance.openCharterThread({ ...passageAnchors(text, from, from + 30), quote: text.toString().slice(from, from + 30), text: `Can we say this more precisely? (${thread + 1})`, ...author(0) });
    for (let r = 1; r <= REPLIES; r++) alliance.replyOnCharter(opened.id, { text: `Reply ${r}: we propose to keep the quarter but name the depot.`, ...author(r) });
  }
  return { update: Y.encodeStateAsUpdate(doc), partnerId: techCo!.id };
}

/** The charter template and one clause: the baseline the typing latency is read against. */
function shortAlliance(): { update: Uint8Array; partnerId: string } {
  const doc = new Y.Doc();
  const alliance = AllianceDocument.create(doc, { name: 'A short charter', mode: 'full', partners: [{ name: 'TechCo' }, { name: 'LogiCorp' }], withCharterTemplate: true });
  const element = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  text.insert(0, MARKER);
  element.insert(0, [text]);
  alliance.charter().insert(alliance.charter().length, [element]);
  return { update: Y.encodeStateAsUpdate(doc), partnerId: alliance.snapshot().partners[0]!.id };
}

/**
 * Types into the last clause and measures each key two ways. Latency: from the key's event time stamp to the frame after
 * the editor took it (a requestAnimationFrame callback, then a task after that frame's paint), which includes the wait
 * for the next frame. Work: the main thread's own time on the key, the same span without that wait (the key's events
 * until the editor has taken the input, plus the frame's rendering): under 16 ms, a key never makes a frame late.
 */
async function typingLatencies(page: import('playwright-core').Page): Promise<{ latency: number[]; work: number[] }> {
  await page.evaluate(`(() => {
    window.__latencies = [];
    window.__work = [];
    document.addEventListener('keydown', (event) => {
      const start = event.timeStamp;
      let taken = null;
      const onInput = () => { taken = performance.now(); };
      document.addEventListener('input', onInput, { once: true });
      requestAnimationFrame(() => {
        const frame = performance.now();
        setTimeout(() => {
          const end = performance.now();
          document.removeEventListener('input', onInput);
          window.__latencies.push(end - start);
          if (taken !== null) window.__work.push(taken - start + (end - frame));
        }, 0);
      });
    }, true);
  })()`);
  await page.getByRole('textbox', { name: 'Charter text' }).getByText(MARKER).click();
  await page.keyboard.press('End');
  const sentence = ' Each partner may call a review when its interests change.';
  for (let key = 0; key < KEYS; key++) await page.keyboard.type(sentence[key % sentence.length]!, { delay: 0 }).then(() => page.waitForTimeout(40));
  await page.waitForTimeout(200);
  const sorted = (name: string) => page.evaluate(name).then((list) => (list as number[]).sort((a, b) => a - b));
  return { latency: await sorted('window.__latencies'), work: await sorted('window.__work') };
}
