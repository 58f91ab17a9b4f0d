import type * as Y from 'yjs';
import { digest } from 'lib0/hash/sha256';
import { encodeUtf8 } from 'lib0/string';
import { charterContent } from './charterContent.ts';
import { spansText, type Block, type Span } from './documentBlocks.ts';

/**
 * A version of the charter: its text as the export's blocks (`charterContent`), which is the one canonical form of
 * the charter's content. A version's hash, its diff against another and its restoring all read these blocks.
 */
export type CharterVersionContent = Block[];

/** The charter's content now, as a version holds it (HIST-1). */
export function versionContent(fragment: Y.XmlFragment): CharterVersionContent {
  return charterContent(fragment);
}

/**
 * The canonical encoding of a version's content: JSON with every object's keys in one fixed order and a span's
 * absent marks left out, so that two copies of the same text encode to the same bytes whatever built them (HIST-1).
 */
export function canonicalEncoding(content: readonly Block[]): string {
  return JSON.stringify(content.map(canonicalBlock));
}

function canonicalSpan(span: Span): unknown[] {
  // A fixed-position tuple: text, then each mark as 1/0, then the link (or null).
  return [span.text, span.bold ? 1 : 0, span.italic ? 1 : 0, span.strike ? 1 : 0, span.code ? 1 : 0, span.href ?? null];
}

function canonicalBlock(block: Block): unknown[] {
  switch (block.type) {
    case 'heading':
      return ['h', block.level, block.spans.map(canonicalSpan)];
    case 'paragraph':
      return ['p', block.spans.map(canonicalSpan)];
    case 'list':
      return ['l', block.ordered ? 1 : 0, block.items.map((item) => item.map(canonicalBlock))];
    case 'table':
      return ['t', block.head.map((cell) => cell.map(canonicalSpan)), block.rows.map((row) => row.map((cell) => cell.map(canonicalSpan)))];
    case 'quote':
      return ['q', block.blocks.map(canonicalBlock)];
    case 'code':
      return ['c', block.text];
    case 'rule':
      return ['r'];
  }
}

/** The content hash of a version: SHA-256 of its canonical encoding in UTF-8, as lowercase hex (HIST-1). */
export function contentHash(content: readonly Block[]): string {
  return encodingHash(canonicalEncoding(content));
}

/** SHA-256 of a canonical encoding in UTF-8, in hex: the content hash of the blocks it encodes (HIST-1). */
export function encodingHash(encoding: string): string {
  return Array.from(digest(encodeUtf8(encoding)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A block's words as one line of plain text, for the diff and for short previews. */
export function blockText(block: Block): string {
  switch (block.type) {
    case 'heading':
    case 'paragraph':
      return spansText(block.spans);
    case 'list':
      return block.items.map((item) => item.map(blockText).join(' ')).join('\n');
    case 'table':
      return [block.head, ...block.rows].map((row) => row.map(spansText).join(' | ')).join('\n');
    case 'quote':
      return block.blocks.map(blockText).join('\n');
    case 'code':
      return block.text;
    case 'rule':
      return '---';
  }
}

/** One run of words in a changed block: kept, inserted (only in the later text) or deleted (only in the earlier). */
export interface WordChange {
  op: 'same' | 'insert' | 'delete';
  text: string;
}

/**
 * One block of a diff: the same in both texts, only in the later one (inserted), only in the earlier (deleted), or
 * changed in place, with its words aligned. `before`/`after` index the block in each text, for restoring it.
 */
export type BlockDiff =
  | { kind: 'same'; before: number; after: number; block: Block }
  | { kind: 'inserted'; after: number; block: Block }
  | { kind: 'deleted'; before: number; block: Block }
  | { kind: 'changed'; before: number; after: number; from: Block; to: Block; words: WordChange[] };

/**
 * The difference from `before` to `after` (HIST-2): blocks aligned on their whole canonical form (longest common
 * subsequence), then between two aligned blocks the unmatched ones paired in order as changed, with a word-level
 * diff of their text; what is left over is inserted or deleted.
 */
export function diffVersions(before: readonly Block[], after: readonly Block[]): BlockDiff[] {
  const keys = (blocks: readonly Block[]) => blocks.map((block) => JSON.stringify(canonicalBlock(block)));
  const pairs = commonSubsequence(keys(before), keys(after));
  const out: BlockDiff[] = [];
  let i = 0;
  let j = 0;
  const gap = (untilBefore: number, untilAfter: number) => {
    while (i < untilBefore && j < untilAfter) {
      out.push({ kind: 'changed', before: i, after: j, from: before[i]!, to: after[j]!, words: diffWords(blockText(before[i]!), blockText(after[j]!)) });
      i += 1;
      j += 1;
    }
    for (; i < untilBefore; i += 1) out.push({ kind: 'deleted', before: i, block: before[i]! });
    for (; j < untilAfter; j += 1) out.push({ kind: 'inserted', after: j, block: after[j]! });
  };
  for (const [bi, aj] of pairs) {
    gap(bi, aj);
    out.push({ kind: 'same', before: bi, after: aj, block: after[aj]! });
    i = bi + 1;
    j = aj + 1;
  }
  gap(before.length, after.length);
  return out;
}

/** Whether a diff shows any difference at all. */
export function hasDifferences(diff: readonly BlockDiff[]): boolean {
  return diff.some((entry) => entry.kind !== 'same');
}

/**
 * The word-level difference of two texts (HIST-2): words are aligned by their longest common subsequence, each with
 * the white space after it; a word kept whose following space changed keeps the word and changes only the space.
 * Neighbouring runs of one kind are merged.
 */
export function diffWords(before: string, after: string): WordChange[] {
  const a = words(before);
  const b = words(after);
  const out: WordChange[] = [];
  const push = (op: WordChange['op'], text: string) => {
    if (text.length === 0) return;
    const last = out[out.length - 1];
    if (last && last.op === op) last.text += text;
    else out.push({ op, text });
  };
  let i = 0;
  let j = 0;
  for (const [ai, bj] of commonSubsequence(a.map(wordOf), b.map(wordOf))) {
    for (; i < ai; i += 1) push('delete', a[i]!);
    for (; j < bj; j += 1) push('insert', b[j]!);
    const word = wordOf(a[ai]!);
    const [spaceBefore, spaceAfter] = [a[ai]!.slice(word.length), b[bj]!.slice(word.length)];
    push('same', word);
    if (spaceBefore === spaceAfter) push('same', spaceBefore);
    else {
      push('delete', spaceBefore);
      push('insert', spaceAfter);
    }
    i = ai + 1;
    j = bj + 1;
  }
  for (; i < a.length; i += 1) push('delete', a[i]!);
  for (; j < b.length; j += 1) push('insert', b[j]!);
  return out;
}

/** A text cut into words, each with the white space that follows it (and any leading space on its own), so that joining them gives the text back. */
function words(text: string): string[] {
  // Stryker disable next-line Regex: `\S+\s*` takes the spaces after each word, so a lone run of spaces is only ever the leading one
  return text.match(/^\s+|\S+\s*/g) ?? [];
}

const wordOf = (token: string) => token.trimEnd();

/**
 * The index pairs of a longest common subsequence of two lists, in order. Quadratic in the worst case; a charter's
 * blocks and a block's words are a few hundred at most, and equal heads and tails are matched first without the table.
 */
/** The most cells of the alignment table (4 bytes each) a diff builds: about two thousand words against as many. */
export const MAX_DIFF_CELLS = 4_000_000;

function commonSubsequence(a: readonly string[], b: readonly string[]): [number, number][] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const n = endA - start;
  const m = endB - start;
  const pairs: [number, number][] = [];
  for (let k = 0; k < start; k += 1) pairs.push([k, k]);
  // A table past this size would hold the page (a stored version is a peer's, and may be huge): the middle then
  // shows as deleted and inserted whole, which is true, only coarser.
  if (n * m > MAX_DIFF_CELLS) {
    for (let k = 0; k < a.length - endA; k += 1) pairs.push([endA + k, endB + k]);
    return pairs;
  }
  // lengths[x][y]: the longest common subsequence of a[start+x..endA) and b[start+y..endB).
  const lengths: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let x = n - 1; x >= 0; x -= 1) {
    // Stryker disable next-line ArithmeticOperator: from m + 1 the extra cells are the zero border, past it or rewritten as 0 (NaN in a Uint32Array)
    for (let y = m - 1; y >= 0; y -= 1) {
      lengths[x]![y] = a[start + x] === b[start + y] ? lengths[x + 1]![y + 1]! + 1 : Math.max(lengths[x + 1]![y]!, lengths[x]![y + 1]!);
    }
  }
  let x = 0;
  let y = 0;
  while (x < n && y < m) {
    if (a[start + x] === b[start + y]) {
      pairs.push([start + x, start + y]);
      x += 1;
      y += 1;
    } else if (lengths[x + 1]![y]! >= lengths[x]![y + 1]!) x += 1;
    else y += 1;
  }
  for (let k = 0; k < a.length - endA; k += 1) pairs.push([endA + k, endB + k]);
  return pairs;
}

/** The longest canonical encoding a version may hold (characters): a charter of a few hundred pages. */
export const MAX_VERSION_CHARS = 400_000;
const MAX_DEPTH = 16;

/** A stored text's blocks, when it is a canonical encoding and `hash` is its hash; null otherwise (HIST-3, RAT-2). */
export function wholeText(content: string, hash: string): Block[] | null {
  try {
    const blocks = decodeCanonical(content);
    return encodingHash(content) === hash ? blocks : null;
  } catch {
    return null;
  }
}

/**
 * Reads a canonical encoding back into blocks, refusing anything `canonicalEncoding` would not have written (a peer
 * may be hostile): the version's stored text is validated like every record's field (HIST-3).
 */
export function decodeCanonical(encoding: string): Block[] {
  // Stryker disable next-line StringLiteral: readVersionEntry catches it: the words are never read
  if (encoding.length > MAX_VERSION_CHARS) throw new Error('too long');
  const value: unknown = JSON.parse(encoding);
  const blocks = asArray(value).map((block) => decodeBlock(block, 0));
  // The round trip must give the same bytes, so that the stored hash is the hash of what is read.
  // Stryker disable next-line StringLiteral: readVersionEntry catches it: the words are never read
  if (canonicalEncoding(blocks) !== encoding) throw new Error('not canonical');
  return blocks;
}

function asArray(value: unknown): unknown[] {
  // Stryker disable next-line StringLiteral,ConditionalExpression: readVersionEntry catches it (the words are never read), and a value that is not a list fails later anyway (it has no map, or does not encode back the same)
  if (!Array.isArray(value)) throw new Error('not a list');
  return value;
}

function asText(value: unknown): string {
  if (typeof value !== 'string') {
    // Stryker disable next-line StringLiteral: readVersionEntry catches it: the words are never read
    throw new Error('not text');
  }
  return value;
}

function decodeSpan(value: unknown): Span {
  const [text, bold, italic, strike, code, href] = asArray(value);
  const span: Span = { text: asText(text) };
  if (bold === 1) span.bold = true;
  if (italic === 1) span.italic = true;
  if (strike === 1) span.strike = true;
  if (code === 1) span.code = true;
  if (typeof href === 'string' && /^(https?:|mailto:)/.test(href)) span.href = href;
  return span;
}

function decodeBlock(value: unknown, depth: number): Block {
  // Stryker disable next-line StringLiteral: readVersionEntry catches it: the words are never read
  if (depth > MAX_DEPTH) throw new Error('too deep');
  const [tag, a, b] = asArray(value);
  const spans = (v: unknown) => asArray(v).map(decodeSpan);
  const blocks = (v: unknown) => asArray(v).map((block) => decodeBlock(block, depth + 1));
  switch (tag) {
    case 'h':
      if (typeof a !== 'number' || !Number.isInteger(a) || a < 1 || a > 6) {
        // Stryker disable next-line StringLiteral: readVersionEntry catches it: the words are never read
        throw new Error('bad level');
      }
      return { type: 'heading', level: a, spans: spans(b) };
    case 'p':
      return { type: 'paragraph', spans: spans(a) };
    case 'l':
      return { type: 'list', ordered: a === 1, items: asArray(b).map(blocks) };
    case 't':
      return { type: 'table', head: asArray(a).map(spans), rows: asArray(b).map((row) => asArray(row).map(spans)) };
    case 'q':
      return { type: 'quote', blocks: blocks(a) };
    case 'c':
      return { type: 'code', text: asText(a) };
    case 'r':
      return { type: 'rule' };
    // Stryker disable next-line ConditionalExpression: an unknown block read as nothing fails the round trip (its type is read), and every reader catches either error
    default:
      // Stryker disable next-line StringLiteral: readVersionEntry catches it: the words are never read
      throw new Error('unknown block');
  }
}
