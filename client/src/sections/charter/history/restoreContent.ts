/**
 * Restoring from the charter's history is a new edit, made through the editor so that it is the person's own
 * (undoable, and merged like any typing): a version's blocks are turned back into the editor's node shapes here.
 */
import type { Block, BlockDiff, Span } from '@trellis/shared';

/** A node as Tiptap reads it (`insertContentAt`, `setContent`). */
export interface EditorNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: EditorNode[];
  text?: string;
  marks?: { type: string }[];
}

function inline(spans: readonly Span[]): EditorNode[] {
  return spans.flatMap((span) => {
    const marks = [span.bold && 'bold', span.italic && 'italic', span.strike && 'strike', span.code && 'code']
      .filter((mark): mark is string => typeof mark === 'string')
      .map((type) => ({ type }));
    // A line break within a block is its own node; the editor refuses an empty text node.
    return span.text.split('\n').flatMap((part, i): EditorNode[] => [
      ...(i > 0 ? [{ type: 'hardBreak' }] : []),
      ...(part.length > 0 ? [marks.length > 0 ? { type: 'text', text: part, marks } : { type: 'text', text: part }] : []),
    ]);
  });
}

const withContent = (node: EditorNode, content: EditorNode[]): EditorNode => (content.length > 0 ? { ...node, content } : node);
const paragraph = (spans: readonly Span[]): EditorNode => withContent({ type: 'paragraph' }, inline(spans));

/** A block as the editor's nodes (a table, which the charter editor has no node for, as one paragraph per row). */
export function editorNodes(block: Block): EditorNode[] {
  switch (block.type) {
    case 'heading':
      return [withContent({ type: 'heading', attrs: { level: block.level } }, inline(block.spans))];
    case 'paragraph':
      return [paragraph(block.spans)];
    case 'list':
      return [
        {
          type: block.ordered ? 'orderedList' : 'bulletList',
          content: block.items.map((item) => ({ type: 'listItem', content: item.length > 0 ? item.flatMap(editorNodes) : [{ type: 'paragraph' }] })),
        },
      ];
    case 'quote': {
      const content = block.blocks.flatMap(editorNodes);
      return [{ type: 'blockquote', content: content.length > 0 ? content : [{ type: 'paragraph' }] }];
    }
    case 'code':
      return [withContent({ type: 'codeBlock' }, block.text.length > 0 ? [{ type: 'text', text: block.text }] : [])];
    case 'rule':
      return [{ type: 'horizontalRule' }];
    case 'table':
      return [block.head, ...block.rows].map((row) => paragraph(row.flatMap((cell, i) => (i > 0 ? [{ text: ' | ' }, ...cell] : cell))));
  }
}

/** Where one block of a version goes back into the live text: over the block it became, or where it was removed. */
export type RestoreTarget = { replace: number } | { insertAt: number };

/**
 * For a diff from a version (before) to the live text (after): where restoring entry `index` puts the version's block.
 * A changed block replaces its live counterpart; a deleted one goes back before the next live block that follows it,
 * or at the end. Blocks only in the live text, or the same in both, have nothing to restore (null).
 */
export function restoreTarget(diff: readonly BlockDiff[], index: number): RestoreTarget | null {
  const entry = diff[index];
  if (!entry) return null;
  if (entry.kind === 'changed') return { replace: entry.after };
  if (entry.kind !== 'deleted') return null;
  for (const next of diff.slice(index + 1)) {
    if (next.kind !== 'deleted') return { insertAt: next.after };
  }
  const live = diff.filter((d) => d.kind !== 'deleted').length;
  return { insertAt: live };
}
