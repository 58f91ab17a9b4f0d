import { describe, it, expect } from 'vitest';
import { alignmentGaps } from './alignmentGaps.ts';
import { governance, interest, link, partner, testAlliance } from './testAlliance.ts';

/** Interests on every layer plus an implicit one per partner, so only the gap under test shows. */
function fullMap(partnerIds: string[]) {
  return partnerIds.flatMap((p) => [
    interest(`${p}-s`, p, { layer: 'strategic' }),
    interest(`${p}-o`, p, { layer: 'operational' }),
    interest(`${p}-r`, p, { layer: 'relational', kind: 'implicit' }),
  ]);
}

describe('alignment gaps', () => {
  it('GAP-1: a red line that nothing supports and whose partner has no veto is unprotected', () => {
    const snap = testAlliance({
      partners: [partner('a', { name: 'Acme' }), partner('b')],
      interests: [...fullMap(['a', 'b']), interest('red', 'a', { kind: 'red-line', text: 'Keep our brand' })],
    });
    expect(alignmentGaps(snap)).toEqual([
      {
        kind: 'unprotected-red-line',
        subjectIds: ['red', 'a'],
        layer: 'strategic',
        message: 'Acme\'s red line “Keep our brand” is not protected by anything in the alliance.',
        advice: 'Link it to an interest that supports it, or give Acme minority protection with a veto on critical decisions.',
      },
    ]);
  });

  it('GAP-1: a supports link (either direction) protects a red line; a conflicts link or a dangling link does not', () => {
    const base = {
      partners: [partner('a'), partner('b')],
      interests: [...fullMap(['a', 'b']), interest('red', 'a', { kind: 'red-line' })],
    };
    const kinds = (alignment: ReturnType<typeof link>[]) =>
      alignmentGaps(testAlliance({ ...base, alignment })).map((g) => g.kind);
    expect(kinds([link('l', 'b-s', 'red', 'supports')])).toEqual([]);
    expect(kinds([link('l', 'red', 'b-s', 'supports')])).toEqual([]);
    expect(kinds([link('l', 'red', 'b-s', 'conflicts', { resolution: 'agreed' })])).toEqual(['unprotected-red-line']);
    expect(kinds([link('l', 'red', 'deleted', 'supports')])).toEqual(['unprotected-red-line']);
  });

  it('GAP-1: a minority-protected partner with a veto on critical decisions has its red lines protected', () => {
    const base = {
      partners: [partner('a', { minorityProtected: true }), partner('b')],
      interests: [...fullMap(['a', 'b']), interest('red', 'a', { kind: 'red-line' })],
    };
    expect(alignmentGaps(testAlliance({ ...base, governance: governance({ vetoCategories: ['critical'] }) }))).toEqual([]);
    expect(
      alignmentGaps(testAlliance({ ...base, governance: governance({ vetoCategories: ['strategic'] }) })).map((g) => g.kind),
    ).toEqual(['unprotected-red-line']);
  });

  it('GAP-2: two interests linked as conflicting with an empty or blank resolution are an unresolved conflict', () => {
    const base = { partners: [partner('a'), partner('b')], interests: fullMap(['a', 'b']) };
    const gaps = alignmentGaps(
      testAlliance({
        ...base,
        alignment: [
          link('l1', 'a-s', 'b-s', 'conflicts', { resolution: '   ' }),
          link('l2', 'a-o', 'b-o', 'conflicts', { resolution: 'We alternate the lead each quarter.' }),
        ],
      }),
    );
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ kind: 'unresolved-conflict', subjectIds: ['l1', 'a-s', 'b-s'], layer: 'strategic' });
    expect(gaps[0]!.message).toBe('A\'s “interest a-s” conflicts with B\'s “interest b-s”, and it is not resolved.');
  });

  it('GAP-3: an active partner with no implicit interest recorded is a gap; exiting partners are not asked', () => {
    const gaps = alignmentGaps(
      testAlliance({
        partners: [partner('a'), partner('b', { name: 'Beta' }), partner('c', { status: 'exiting' })],
        interests: [...fullMap(['a']), interest('b1', 'b', { kind: 'explicit' })],
      }),
    );
    expect(gaps.map((g) => [g.kind, g.subjectIds])).toEqual([['no-implicit-interests', ['b']]]);
    expect(gaps[0]!.advice).toBe('Ask Beta what it needs but has not said: autonomy, brand, risks it wants to avoid.');
  });

  it('GAP-4: a layer with no interests is an empty layer', () => {
    const gaps = alignmentGaps(
      testAlliance({
        partners: [partner('a')],
        interests: [interest('a1', 'a', { layer: 'operational', kind: 'implicit' })],
      }),
    );
    expect(gaps.map((g) => [g.kind, g.layer])).toEqual([
      ['empty-layer', 'strategic'],
      ['empty-layer', 'relational'],
    ]);
    expect(gaps[0]!.message).toBe('The strategic layer (why we are together) has no interests yet.');
  });

  it("GAP-5: exited partners' interests count for nothing: no gaps about them, and they fill no layer", () => {
    const gaps = alignmentGaps(
      testAlliance({
        partners: [partner('a'), partner('gone', { status: 'exited' })],
        interests: [
          ...fullMap(['a']).filter((i) => i.layer !== 'relational'),
          interest('a-impl', 'a', { kind: 'implicit', layer: 'operational' }),
          interest('g-red', 'gone', { kind: 'red-line', layer: 'relational' }),
          interest('orphan', 'nobody', { kind: 'red-line', layer: 'relational' }),
        ],
        alignment: [link('l', 'a-s', 'g-red', 'conflicts')],
      }),
    );
    expect(gaps.map((g) => [g.kind, g.layer])).toEqual([['empty-layer', 'relational']]);
  });

  it('GAP-6: gaps come in a fixed order (kind, then partner name), whatever order the document holds them in', () => {
    const partners = [partner('z', { name: 'Zeta' }), partner('a', { name: 'Alpha' })];
    const interests = [
      interest('z-red', 'z', { kind: 'red-line' }),
      interest('a-red', 'a', { kind: 'red-line' }),
      interest('a-x', 'a', { layer: 'operational' }),
    ];
    const alignment = [link('c', 'z-red', 'a-x', 'conflicts')];
    const one = alignmentGaps(testAlliance({ partners, interests, alignment }));
    const two = alignmentGaps(
      testAlliance({ partners: [...partners].reverse(), interests: [...interests].reverse(), alignment }),
    );
    expect(one).toEqual(two);
    expect(one.map((g) => [g.kind, g.subjectIds[0]])).toEqual([
      ['unprotected-red-line', 'a-red'],
      ['unprotected-red-line', 'z-red'],
      ['unresolved-conflict', 'c'],
      ['no-implicit-interests', 'a'],
      ['no-implicit-interests', 'z'],
      ['empty-layer', undefined],
    ]);
    expect(alignmentGaps(testAlliance()).map((g) => g.layer)).toEqual(['strategic', 'operational', 'relational']);
  });
});
