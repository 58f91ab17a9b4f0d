import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendCharterBlocks, applyCharterTemplate, charterBlocks, LIGHT_CHARTER_TEMPLATE } from './charter.ts';

const element = (name: string, children: (Y.XmlElement | Y.XmlText)[], attributes: Record<string, unknown> = {}) => {
  const node = new Y.XmlElement(name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value as string);
  node.insert(0, children);
  return node;
};

describe('the charter as plain blocks (what the audit reads)', () => {
  it('DOC-3: headings keep levels 1 to 6 (anything else reads as 1), paragraphs and other nodes keep their text', () => {
    const fragment = new Y.Doc().getXmlFragment('charter');
    const marked = new Y.XmlText();
    marked.insert(0, 'bold', { bold: {} });
    marked.insert(4, ' and plain');
    marked.insertEmbed(14, { image: 'x.png' });
    fragment.insert(0, [
      element('heading', [new Y.XmlText('One')], { level: 1 }),
      element('heading', [new Y.XmlText('Six')], { level: 6 }),
      element('heading', [new Y.XmlText('Zero')], { level: 0 }),
      element('heading', [new Y.XmlText('Seven')], { level: 7 }),
      element('heading', [new Y.XmlText('Unset')]),
      element('paragraph', [marked]),
      // Children's texts join with one space; empty ones leave no double space.
      element('bulletList', [element('listItem', [element('paragraph', [new Y.XmlText('a')])]), element('listItem', [element('paragraph', [])]), element('listItem', [element('paragraph', [new Y.XmlText('b')])])]),
      new Y.XmlText('loose'),
    ]);
    expect(charterBlocks(fragment)).toEqual([
      { index: 0, type: 'heading', level: 1, text: 'One' },
      { index: 1, type: 'heading', level: 6, text: 'Six' },
      { index: 2, type: 'heading', level: 1, text: 'Zero' },
      { index: 3, type: 'heading', level: 1, text: 'Seven' },
      { index: 4, type: 'heading', level: 1, text: 'Unset' },
      { index: 5, type: 'paragraph', level: 0, text: 'bold and plain' },
      { index: 6, type: 'other', level: 0, text: 'a b' },
      { index: 7, type: 'other', level: 0, text: 'loose' },
    ]);
  });

  it('DOC-3: a bare fragment nested in the charter (no editor of ours writes one; a peer may) reads as other, with its words', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('charter');
    const nested = new Y.XmlFragment();
    fragment.insert(0, [nested as unknown as Y.XmlElement]);
    nested.insert(0, [element('paragraph', [new Y.XmlText('Kept')]), new Y.XmlText('words')]);
    // Read as a peer would: from the update, in a fresh copy.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect(charterBlocks(copy.getXmlFragment('charter'))).toEqual([{ index: 0, type: 'other', level: 0, text: 'Kept words' }]);
  });

  it('DOC-3: template blocks are written as Tiptap headings (with a level) and paragraphs (without)', () => {
    const fragment = new Y.Doc().getXmlFragment('charter');
    appendCharterBlocks(fragment, [{ type: 'heading', level: 3, text: 'H' }, { type: 'paragraph', text: 'P' }]);
    const [heading, paragraph] = fragment.toArray() as Y.XmlElement[];
    expect(heading!.nodeName).toBe('heading');
    expect(heading!.getAttribute('level')).toBe(3);
    expect(paragraph!.nodeName).toBe('paragraph');
    expect(paragraph!.getAttributes()).toEqual({});
    expect(fragment.toString()).toBe('<heading level="3">H</heading><paragraph>P</paragraph>');
  });

  it('DOC-3: the template replaces a charter of blank paragraphs, and never one with text', () => {
    const fragment = new Y.Doc().getXmlFragment('charter');
    fragment.insert(0, [element('paragraph', [new Y.XmlText('   ')]), element('paragraph', [])]);
    expect(applyCharterTemplate(fragment, 'light')).toBe(true);
    expect(charterBlocks(fragment).map((b) => b.text)).toEqual(LIGHT_CHARTER_TEMPLATE.map((b) => b.text));
    expect(applyCharterTemplate(fragment, 'full')).toBe(false);
    expect(charterBlocks(fragment).map((b) => b.text)).toEqual(LIGHT_CHARTER_TEMPLATE.map((b) => b.text));
    const written = new Y.Doc().getXmlFragment('charter');
    written.insert(0, [element('paragraph', [new Y.XmlText(' x ')])]);
    expect(applyCharterTemplate(written, 'light')).toBe(false);
    expect(written.length).toBe(1);
  });
});
