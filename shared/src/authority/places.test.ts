import { describe, expect, it } from 'vitest';
import { placeKey, placeOf, samePlace } from './places.ts';

describe('places: a path in the document, in the method\'s terms', () => {
  it('AUTH-13: each root, record, field and nested key resolves to its place; anything else is unknown', () => {
    expect(placeOf(['charter', 4, 'text'])).toEqual({ kind: 'charter' });
    expect(placeOf(['decisions', 'd1', 'votes', 'tech'])).toEqual({ kind: 'vote', decisionId: 'd1', partnerId: 'tech' });
    expect(placeOf(['decisions', 'd1', 'votes'])).toEqual({ kind: 'vote', decisionId: 'd1', partnerId: null });
    expect(placeOf(['decisions', 'd1', 'title'])).toEqual({ kind: 'decision', decisionId: 'd1', field: 'title' });
    expect(placeOf(['decisions', 'd1'])).toEqual({ kind: 'decision', decisionId: 'd1', field: null });
    expect(placeOf(['decisions', 'd1', 'comments', 2])).toEqual({ kind: 'comment', decisionId: 'd1', part: 'entry' });
    expect(placeOf(['decisions', 'd1', 'comments'])).toEqual({ kind: 'comment', decisionId: 'd1', part: 'list' });
    expect(placeOf(['interests', 'i1', 'text', 'deeper'])).toEqual({ kind: 'interest', interestId: 'i1', field: 'text' });
    expect(placeOf(['trust', 3])).toEqual({ kind: 'trust', nested: false });
    expect(placeOf(['trust', 3, 'by'])).toEqual({ kind: 'trust', nested: true });
    expect(placeOf(['governance', 'quorum'])).toEqual({ kind: 'governance', field: 'quorum' });
    expect(placeOf(['exitPlan', 'assets', 'a1', 'holder'])).toEqual({ kind: 'asset', assetId: 'a1', field: 'holder' });
    expect(placeOf(['partners', 'p1', 'exitNoticeAt'])).toEqual({ kind: 'partner', partnerId: 'p1', field: 'exitNoticeAt' });
    expect(placeOf(['charterThreads', 't1', 'resolved'])).toEqual({ kind: 'charterThread', threadId: 't1', field: 'resolved' });
    expect(placeOf(['charterComments', 'c1'])).toEqual({ kind: 'charterComment', commentId: 'c1', field: null });
    expect(placeOf(['charterComments', 0])).toMatchObject({ kind: 'unknown' });
    expect(placeOf(['somethingElse', 'x'])).toEqual({ kind: 'unknown', path: 'somethingElse/x' });
    expect(placeOf(['partners', 0])).toMatchObject({ kind: 'unknown' });
    expect(placeOf(['decisions', 'd1', 'votes', 'tech', 'choice'])).toMatchObject({ kind: 'unknown' });
    expect(placeOf(['governance'])).toMatchObject({ kind: 'unknown' });
  });

  it('AUTH-11: places compare by value, and key the same when equal', () => {
    expect(samePlace(placeOf(['governance', 'quorum']), { kind: 'governance', field: 'quorum' })).toBe(true);
    expect(samePlace(placeOf(['governance', 'quorum']), { kind: 'governance', field: 'strategicRule' })).toBe(false);
    expect(placeKey(placeOf(['decisions', 'd1', 'votes', 'tech']))).toBe(placeKey({ kind: 'vote', decisionId: 'd1', partnerId: 'tech' }));
  });
});
