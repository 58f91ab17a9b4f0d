/**
 * The print view reads the very Markdown the export downloads, so what is printed is what is shared.
 * This reads the subset that allianceMarkdown writes (headings, paragraphs, lists, tables, quotes,
 * code, rules; bold, italic, strike, code, links, backslash escapes) into plain data that components
 * render as elements — never as an HTML string, so text from the document can never become markup.
 */

export interface Span {
  text: string;
  bold?: boolean;
  italic?: boolean;
  strike?: boolean;
  code?: boolean;
  href?: string;
}

export type Block =
  | { type: 'heading'; level: number; spans: Span[] }
  | { type: 'paragraph'; spans: Span[] }
  | { type: 'list'; ordered: boolean; items: Span[][] }
  | { type: 'table'; head: Span[][]; rows: Span[][][] }
  | { type: 'quote'; spans: Span[] }
  | { type: 'code'; text: string }
  | { type: 'rule' };

const HEADING = /^(#{1,6})\s+(.*)$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const ORDERED = /^\s*\d+\.\s+(.*)$/;
const TABLE_RULE = /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/;

export function markdownBlocks(markdown: string): Block[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    if (line.startsWith('```')) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.startsWith('```')) body.push(lines[i++]!);
      i++;
      blocks.push({ type: 'code', text: body.join('\n') });
      continue;
    }
    if (/^(-{3,}|\*{3,})\s*$/.test(line)) {
      blocks.push({ type: 'rule' });
      i++;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ type: 'heading', level: heading[1]!.length, spans: inlineSpans(heading[2]!) });
      i++;
      continue;
    }
    if (line.startsWith('|') && i + 1 < lines.length && TABLE_RULE.test(lines[i + 1]!.trim())) {
      const head = tableCells(line);
      const rows: Span[][][] = [];
      i += 2;
      while (i < lines.length && lines[i]!.startsWith('|')) rows.push(tableCells(lines[i++]!));
      blocks.push({ type: 'table', head, rows });
      continue;
    }
    if (BULLET.test(line) || ORDERED.test(line)) {
      const ordered = !BULLET.test(line);
      const pattern = ordered ? ORDERED : BULLET;
      const items: string[] = [];
      while (i < lines.length && lines[i]!.trim() !== '') {
        const item = pattern.exec(lines[i]!);
        if (item) items.push(item[1]!);
        else if (items.length > 0) items[items.length - 1] += ' ' + lines[i]!.trim();
        else break;
        i++;
      }
      blocks.push({ type: 'list', ordered, items: items.map((item) => inlineSpans(item)) });
      continue;
    }
    if (line.startsWith('>')) {
      const body: string[] = [];
      while (i < lines.length && lines[i]!.startsWith('>')) body.push(lines[i++]!.replace(/^>\s?/, ''));
      blocks.push({ type: 'quote', spans: inlineSpans(body.join('\n')) });
      continue;
    }
    const body: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '' && !startsBlock(lines[i]!)) body.push(lines[i++]!);
    if (body.length === 0) body.push(lines[i++]!);
    blocks.push({ type: 'paragraph', spans: inlineSpans(body.join('\n')) });
  }
  return blocks;
}

function startsBlock(line: string): boolean {
  return HEADING.test(line) || BULLET.test(line) || ORDERED.test(line) || line.startsWith('|') || line.startsWith('>') || line.startsWith('```');
}

/** Splits a table row on unescaped pipes. */
function tableCells(line: string): Span[][] {
  const cells: string[] = [];
  let current = '';
  const body = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '\\' && i + 1 < body.length) {
      current += ch + body[++i]!;
    } else if (ch === '|') {
      cells.push(current);
      current = '';
    } else current += ch;
  }
  cells.push(current);
  return cells.map((c) => inlineSpans(c.trim()));
}

interface Marks {
  bold?: boolean;
  italic?: boolean;
  strike?: boolean;
  href?: string;
}

const DELIMITERS: { open: string; mark: keyof Omit<Marks, 'href'> }[] = [
  { open: '**', mark: 'bold' },
  { open: '~~', mark: 'strike' },
  { open: '*', mark: 'italic' },
  { open: '_', mark: 'italic' },
];

/** Inline Markdown to spans; a delimiter with no closing partner stays as text. */
export function inlineSpans(source: string, marks: Marks = {}): Span[] {
  const out: Span[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ text, ...marks });
    text = '';
  };
  let i = 0;
  outer: while (i < source.length) {
    const ch = source[i]!;
    if (ch === '\\' && i + 1 < source.length && /[\\`*_[\]<>|#+\-.!~()]/.test(source[i + 1]!)) {
      text += source[i + 1];
      i += 2;
      continue;
    }
    if (ch === '`') {
      const end = source.indexOf('`', i + 1);
      if (end > i) {
        flush();
        out.push({ text: source.slice(i + 1, end), code: true, ...marks });
        i = end + 1;
        continue;
      }
    }
    if (ch === '[') {
      const link = /^\[((?:\\.|[^\]\\])*)\]\(((?:https?:|mailto:)[^)\s]*)\)/.exec(source.slice(i));
      if (link) {
        flush();
        out.push(...inlineSpans(link[1]!, { ...marks, href: link[2]! }));
        i += link[0].length;
        continue;
      }
    }
    for (const { open, mark } of DELIMITERS) {
      if (!source.startsWith(open, i) || marks[mark]) continue;
      const end = closing(source, open, i + open.length);
      if (end === -1) continue;
      flush();
      out.push(...inlineSpans(source.slice(i + open.length, end), { ...marks, [mark]: true }));
      i = end + open.length;
      continue outer;
    }
    // A hard break ("  \n") and a soft one both read as a line end inside the block.
    if (ch === ' ' && source.startsWith('  \n', i)) {
      text += '\n';
      i += 3;
      continue;
    }
    text += ch;
    i++;
  }
  flush();
  return out;
}

/** Where the closing delimiter is, skipping escapes; -1 when there is none (or the span would be empty). */
function closing(source: string, delimiter: string, from: number): number {
  for (let j = from; j < source.length; j++) {
    if (source[j] === '\\') {
      j++;
      continue;
    }
    if (source.startsWith(delimiter, j)) {
      // "**" must not close a "*" span early, and an empty span is not a span.
      if (delimiter === '*' && source[j + 1] === '*') {
        j++;
        continue;
      }
      return j > from ? j : -1;
    }
  }
  return -1;
}

/** The plain text of spans, for tests and for accessible names. */
export function spansText(spans: readonly Span[]): string {
  return spans.map((s) => s.text).join('');
}
