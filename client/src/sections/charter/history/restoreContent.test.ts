import { describe, expect, it } from 'vitest';
import { diffVersions, type Block } from '@trellis/shared';
import { editorNodes, restoreTarget } from './restoreContent.ts';

const p = (text: string): Block => ({ type: 'paragraph', spans: [{ text }] });

describe('restoring from the charter history', () => {
  it("HIST-3: a version's blocks become the editor's nodes, marks and line breaks kept", () => {
    expect(editorNodes({ type: 'heading', level: 2, spans: [{ text: 'Exit' }] })).toEqual([{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Exit' }] }]);
    expect(editorNodes({ type: 'paragraph', spans: [{ text: 'a\nb', bold: true }, { text: '' }] })).toEqual([
      { type: 'paragraph', content: [{ type: 'text', text: 'a', marks: [{ type: 'bold' }] }, { type: 'hardBreak' }, { type: 'text', text: 'b', marks: [{ type: 'bold' }] }] },
    ]);
    expect(editorNodes(p(''))).toEqual([{ type: 'paragraph' }]);
    expect(editorNodes({ type: 'list', ordered: true, items: [[p('one')], []] })).toEqual([
      { type: 'orderedList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'one' }] }] }, { type: 'listItem', content: [{ type: 'paragraph' }] }] },
    ]);
  });

  it('HIST-3: a changed paragraph replaces its live counterpart; a deleted one goes back where it was', () => {
    const version = [p('A'), p('B'), p('C'), p('D')];
    const live = [p('A'), p('B changed'), p('D')];
    const diff = diffVersions(version, live);
    expect(diff.map((d) => d.kind)).toEqual(['same', 'changed', 'deleted', 'same']);
    expect(restoreTarget(diff, 1)).toEqual({ replace: 1 });
    expect(restoreTarget(diff, 2)).toEqual({ insertAt: 2 });
    expect(restoreTarget(diff, 0)).toBeNull();
    const tail = diffVersions([p('A'), p('Z')], [p('A')]);
    expect(restoreTarget(tail, 1)).toEqual({ insertAt: 1 });
    expect(restoreTarget(diffVersions([p('Z')], []), 0)).toEqual({ insertAt: 0 });
  });
});
