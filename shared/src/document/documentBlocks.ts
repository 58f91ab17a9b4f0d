/**
 * A document as plain blocks of styled text: what the export is built as, rendered once to Markdown (the
 * download) and once to elements (the print view), so what is printed is what is shared. Text stays text:
 * a renderer escapes it (Markdown) or puts it in elements (never an HTML string).
 */

export interface Span {
  /** The text as the partners wrote it; a '\n' is a line break within its block. */
  text: string;
  bold?: boolean;
  italic?: boolean;
  strike?: boolean;
  code?: boolean;
  /** Only http(s): and mailto: links are kept. */
  href?: string;
}

export type Block =
  | { type: 'heading'; level: number; spans: Span[] }
  | { type: 'paragraph'; spans: Span[] }
  | { type: 'list'; ordered: boolean; items: Block[][] }
  | { type: 'table'; head: Span[][]; rows: Span[][][] }
  | { type: 'quote'; blocks: Block[] }
  | { type: 'code'; text: string }
  | { type: 'rule' };

/** An ISO calendar date (UTC): exports read the same wherever they are opened. */
export function isoDate(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** Text from the document on one line (a name, a note in a table or a list). */
export const plain = (text: string): Span => ({ text: text.replace(/\n/g, ' ') });
export const em = (text: string): Span => ({ text, italic: true });
export const strong = (text: string): Span => ({ text, bold: true });
export const heading = (level: number, text: string): Block => ({ type: 'heading', level, spans: [plain(text)] });
export const paragraph = (...spans: Span[]): Block => ({ type: 'paragraph', spans });
export const list = (items: Span[][]): Block => ({ type: 'list', ordered: false, items: items.map((spans) => [paragraph(...spans)]) });
export const table = (head: string[], rows: string[][]): Block => ({
  type: 'table',
  head: head.map((text) => [plain(text)]),
  rows: rows.map((row) => row.map((text) => [plain(text)])),
});

/** Escapes what would otherwise turn plain text into Markdown syntax. */
export function escapeMarkdown(text: string): string {
  // A digit cannot be escaped (a backslash before it would show), so a numbered-list start escapes its dot or parenthesis.
  return text
    .replace(/([\\`*_[\]<>|])/g, '\\$1')
    .replace(/^(\s*)([#>+-])(\s)/gm, '$1\\$2$3')
    .replace(/^(\s*\d+)([.)])(\s)/gm, '$1\\$2$3');
}

/** The blocks as Markdown, blocks separated by a blank line, ending with one newline. */
export function blocksMarkdown(blocks: readonly Block[]): string {
  return renderBlocks(blocks, '').trim() + '\n';
}

function renderBlocks(blocks: readonly Block[], indent: string): string {
  return blocks.map((block) => renderBlock(block, indent)).join('\n\n');
}

function renderBlock(block: Block, indent: string): string {
  switch (block.type) {
    case 'heading':
      return `${indent}${'#'.repeat(block.level)} ${renderSpans(block.spans, ' ')}`;
    case 'paragraph':
      return indent + renderSpans(block.spans, '  \n');
    case 'quote':
      return renderBlocks(block.blocks, '')
        .split('\n')
        // Only an empty line loses its trailing space: a hard line break ends in two spaces, which must stay.
        .map((line) => (line.trim() === '' ? `${indent}>` : `${indent}> ${line}`))
        .join('\n');
    case 'list':
      return block.items
        .map((item, i) => {
          const marker = block.ordered ? `${i + 1}. ` : '- ';
          return indent + marker + renderBlocks(item, ' '.repeat(marker.length)).trimStart().replace(/\n\n/g, '\n');
        })
        .join('\n');
    case 'table': {
      const row = (cells: Span[][]) => `| ${cells.map((cell) => renderSpans(cell, ' ')).join(' | ')} |`;
      return [row(block.head), `|${' --- |'.repeat(block.head.length)}`, ...block.rows.map(row)].map((line) => indent + line).join('\n');
    }
    case 'code':
      return `${indent}\`\`\`\n${block.text}\n${indent}\`\`\``;
    case 'rule':
      return `${indent}---`;
  }
}

/** Styled text as inline Markdown; `lineBreak` is what a '\n' in the text becomes (a table cell has no breaks). */
function renderSpans(spans: readonly Span[], lineBreak: string): string {
  return spans
    .map((span) => {
      let out = span.code ? '`' + span.text.replace(/`/g, 'ˋ') + '`' : escapeMarkdown(span.text).replace(/\n/g, lineBreak);
      if (span.bold) out = `**${out}**`;
      if (span.italic) out = `*${out}*`;
      if (span.strike) out = `~~${out}~~`;
      if (span.href) out = `[${out}](${span.href})`;
      return out;
    })
    .join('');
}

/** The plain text of spans, for tests and accessible names. */
export function spansText(spans: readonly Span[]): string {
  return spans.map((s) => s.text).join('');
}
