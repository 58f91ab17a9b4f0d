import * as Y from 'yjs';

/** The charter fragment (Tiptap's node shapes) as Markdown, for the export. */
export function charterMarkdown(fragment: Y.XmlFragment): string {
  return blocksToMarkdown(fragment.toArray(), '').trim() + '\n';
}

type Node = Y.XmlElement | Y.XmlText | Y.XmlHook;

function blocksToMarkdown(nodes: Node[], indent: string): string {
  const parts: string[] = [];
  for (const node of nodes) {
    const block = blockToMarkdown(node, indent);
    if (block !== null) parts.push(block);
  }
  return parts.join('\n\n');
}

function blockToMarkdown(node: Node, indent: string): string | null {
  if (node instanceof Y.XmlText) return indent + inline(node);
  if (!(node instanceof Y.XmlElement)) return null;
  const children = node.toArray() as Node[];
  switch (node.nodeName) {
    case 'heading': {
      const level = Math.min(Math.max(Number(node.getAttribute('level') ?? 1) || 1, 1), 6);
      return `${indent}${'#'.repeat(level)} ${inlineChildren(children)}`;
    }
    case 'paragraph':
      return indent + inlineChildren(children);
    case 'blockquote':
      return blocksToMarkdown(children, '')
        .split('\n')
        .map((line) => `${indent}> ${line}`.trimEnd())
        .join('\n');
    case 'bulletList':
    case 'orderedList':
      return children
        .map((item, i) => {
          const marker = node.nodeName === 'bulletList' ? '- ' : `${i + 1}. `;
          const body = item instanceof Y.XmlElement ? blocksToMarkdown(item.toArray() as Node[], ' '.repeat(marker.length)) : '';
          return indent + marker + body.trimStart().replace(/\n\n/g, '\n');
        })
        .join('\n');
    case 'codeBlock':
      return `${indent}\`\`\`\n${inlineChildren(children, false)}\n${indent}\`\`\``;
    case 'horizontalRule':
      return `${indent}---`;
    default:
      return indent + inlineChildren(children);
  }
}

function inlineChildren(children: Node[], marks = true): string {
  return children
    .map((child) => {
      if (child instanceof Y.XmlText) return marks ? inline(child) : plain(child);
      if (child instanceof Y.XmlElement && child.nodeName === 'hardBreak') return '  \n';
      return '';
    })
    .join('');
}

function plain(text: Y.XmlText): string {
  return (text.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
}

function inline(text: Y.XmlText): string {
  return (text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[])
    .map((op) => {
      if (typeof op.insert !== 'string') return '';
      let out = escapeMarkdown(op.insert);
      const attributes = op.attributes ?? {};
      if ('code' in attributes) out = '`' + op.insert.replace(/`/g, 'ˋ') + '`';
      if ('bold' in attributes) out = `**${out}**`;
      if ('italic' in attributes) out = `*${out}*`;
      if ('strike' in attributes) out = `~~${out}~~`;
      const link = attributes['link'] as { href?: unknown } | undefined;
      if (link && typeof link.href === 'string' && /^(https?:|mailto:)/.test(link.href)) out = `[${out}](${link.href})`;
      return out;
    })
    .join('');
}

/** Escapes what would otherwise turn plain charter text into Markdown syntax. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, '\\$1').replace(/^(\s*)([#>+-]|\d+\.)(\s)/gm, '$1\\$2$3');
}
