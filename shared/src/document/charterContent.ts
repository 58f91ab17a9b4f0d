import * as Y from 'yjs';
import { blocksMarkdown, spansText, type Block, type Span } from './documentBlocks.ts';
import { isSuggestedInsertion } from './charterSuggestions.ts';

/** The charter fragment (Tiptap's node shapes) as document blocks, for the export and its print view. */
export function charterContent(fragment: Y.XmlFragment): Block[] {
  return nodesToBlocks(fragment.toArray() as Node[]);
}

/** The charter alone as Markdown. */
export function charterMarkdown(fragment: Y.XmlFragment): string {
  return blocksMarkdown(charterContent(fragment));
}

type Node = Y.XmlElement | Y.XmlText | Y.XmlHook;

function nodesToBlocks(nodes: readonly Node[]): Block[] {
  return nodes.flatMap((node) => {
    const block = nodeToBlock(node);
    return block ? [block] : [];
  });
}

function nodeToBlock(node: Node): Block | null {
  if (node instanceof Y.XmlText) return { type: 'paragraph', spans: spansOf(node) };
  if (!(node instanceof Y.XmlElement)) return null;
  const children = node.toArray() as Node[];
  switch (node.nodeName) {
    case 'heading':
      return { type: 'heading', level: Math.min(Math.max(Number(node.getAttribute('level') ?? 1) || 1, 1), 6), spans: inlineSpans(children) };
    case 'blockquote':
      return { type: 'quote', blocks: nodesToBlocks(children) };
    case 'bulletList':
    case 'orderedList':
      return {
        type: 'list',
        ordered: node.nodeName === 'orderedList',
        items: children.map((item) => (item instanceof Y.XmlElement ? nodesToBlocks(item.toArray() as Node[]) : [])),
      };
    case 'codeBlock':
      return { type: 'code', text: spansText(inlineSpans(children)) };
    case 'horizontalRule':
      return { type: 'rule' };
    default:
      // A paragraph, or a node this version does not know: its text still counts.
      return { type: 'paragraph', spans: inlineSpans(children) };
  }
}

function inlineSpans(children: readonly Node[]): Span[] {
  return children.flatMap((child) => {
    if (child instanceof Y.XmlText) return spansOf(child);
    if (child instanceof Y.XmlElement && child.nodeName === 'hardBreak') return [{ text: '\n' }];
    return [];
  });
}

function spansOf(text: Y.XmlText): Span[] {
  return (text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]).flatMap((op) => {
    if (typeof op.insert !== 'string' || isSuggestedInsertion(op.attributes)) return [];
    const attributes = op.attributes ?? {};
    const span: Span = { text: op.insert };
    if ('code' in attributes) span.code = true;
    if ('bold' in attributes) span.bold = true;
    if ('italic' in attributes) span.italic = true;
    if ('strike' in attributes) span.strike = true;
    const link = attributes['link'] as { href?: unknown } | undefined;
    if (link && typeof link.href === 'string' && /^(https?:|mailto:)/.test(link.href)) span.href = link.href;
    return [span];
  });
}
