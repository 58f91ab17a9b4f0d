/** The gaps' words in full, and how a long interest is quoted (GAP-1 .. GAP-4). */
import { describe, expect, it } from 'vitest';
import { alignmentGaps } from './alignmentGaps.ts';
import { interest, link, partner, testAlliance } from './testAlliance.ts';

describe('alignment gaps, in words', () => {
  it('GAP-3, GAP-4: a partner with nothing recorded is asked for its unspoken interests, and every layer asks for one', () => {
    const gaps = alignmentGaps(testAlliance({ partners: [partner('a', { name: 'Acme' })], interests: [] }));
    expect(gaps[0]).toEqual({
      kind: 'no-implicit-interests',
      subjectIds: ['a'],
      layer: null,
      message: 'No implicit interests are recorded for Acme.',
      advice: 'Ask Acme what it needs but has not said: autonomy, brand, risks it wants to avoid.',
    });
    expect(gaps.slice(1).map((g) => [g.kind, g.layer, g.advice])).toEqual([
      ['empty-layer', 'strategic', 'Have each partner add at least one interest on the strategic layer.'],
      ['empty-layer', 'operational', 'Have each partner add at least one interest on the operational layer.'],
      ['empty-layer', 'relational', 'Have each partner add at least one interest on the relational layer.'],
    ]);
  });

  it('GAP-2: an unresolved conflict says what to do; an interest of 80 characters is quoted whole, a longer one cut to 77 and an ellipsis', () => {
    const eighty = 'x'.repeat(80);
    const long = `  ${'y'.repeat(81)}  `;
    const snap = testAlliance({
      partners: [partner('a', { name: 'Acme' }), partner('b', { name: 'Bolt' })],
      interests: [
        interest('i1', 'a', { text: `  ${eighty} ` }),
        interest('i2', 'b', { text: long, layer: 'operational' }),
        interest('i3', 'a', { kind: 'implicit', layer: 'relational' }),
        interest('i4', 'b', { kind: 'implicit', layer: 'relational' }),
      ],
      alignment: [link('l', 'i1', 'i2', 'conflicts')],
    });
    expect(alignmentGaps(snap)).toEqual([
      {
        kind: 'unresolved-conflict',
        subjectIds: ['l', 'i1', 'i2'],
        layer: 'strategic',
        message: `Acme's “${eighty}” conflicts with Bolt's “${'y'.repeat(77)}…”, and it is not resolved.`,
        advice: 'Talk it through and write down how you settle it, or how the charter’s conflict resolution will.',
      },
    ]);
  });
});
