import { describe, expect, it } from 'vitest';
import { activityPlaces, describeActivity, filterActivity, MAX_ACTIVITY_PLACES, newestFirst, sectionOf, sectionsOf, type ActivityEntry } from './activity.ts';
import { placeOf, type Place } from './authority/places.ts';
import { commitment, decision, interest, partner, T0, testAlliance, vote } from './method/testAlliance.ts';

const view = testAlliance({
  partners: [partner('tech', { name: 'TechCo' }), partner('logi', { name: 'LogiCorp' })],
  decisions: [decision('d1', { title: 'Open the Lyon depot', votes: { logi: vote('yes') } })],
  commitments: [commitment('c1', 'tech', { text: 'Ship the API' })],
});

function entry(seq: number, over: Partial<ActivityEntry> = {}): ActivityEntry {
  return { seq, at: T0 + seq, linkId: `link${seq}`, linkLabel: '', partnerId: 'logi', places: [], placeCount: 0, ...over };
}

describe('activity: who changed what', () => {
  it('ACT-1: an entry keeps distinct places, at most MAX_ACTIVITY_PLACES, and counts them all', () => {
    const touched: Place[] = [placeOf(['charter', 0]), placeOf(['charter', 5]), ...Array.from({ length: 30 }, (_, i) => placeOf(['interests', `i${i}`, 'text']))];
    const { places, placeCount } = activityPlaces(touched);
    expect(places).toHaveLength(MAX_ACTIVITY_PLACES);
    expect(places[0]).toEqual({ kind: 'charter' });
    expect(placeCount).toBe(31);
  });

  it('ACT-2: an entry reads in the method\'s words', () => {
    const voted = entry(1, { places: [placeOf(['decisions', 'd1', 'votes', 'logi'])], placeCount: 1 });
    expect(describeActivity(voted, view)).toBe('LogiCorp voted yes on Open the Lyon depot');
    const charter = entry(2, { partnerId: 'tech', linkLabel: 'Ana', places: [placeOf(['charter', 0])], placeCount: 3 });
    expect(describeActivity(charter, view)).toBe('TechCo (Ana) edited the charter (and 2 more changes)');
    const facilitator = entry(3, { partnerId: null, linkLabel: 'Sam', places: [placeOf(['exitPlan', 'noticePeriodDays'])], placeCount: 1 });
    expect(describeActivity(facilitator, view)).toBe('Sam (facilitator) edited the exit plan');
    const both = entry(4, { places: [placeOf(['checkins', 2]), placeOf(['trust', 7])], placeCount: 2 });
    expect(describeActivity(both, view)).toBe('LogiCorp checked in and recorded trust');
    // A decision proposed whole is one change: its fields, votes map and comments list are not an edit or an escalation.
    const fields = ['level', 'status', 'escalatedAt', 'title'].map((f) => placeOf(['decisions', 'd1', f]));
    const proposed = entry(5, { places: [placeOf(['decisions', 'd1']), ...fields, placeOf(['decisions', 'd1', 'votes']), placeOf(['decisions', 'd1', 'comments'])], placeCount: 7 });
    expect(describeActivity(proposed, view)).toBe('LogiCorp proposed Open the Lyon depot');
  });

  it('ACT-2, COMMIT-4: a mark is the marker\'s trust entry and reads as a mark; its own partner\'s resolution reads once', () => {
    const mark: Place = { kind: 'trust', nested: false, commitmentId: 'c1' };
    expect(describeActivity(entry(6, { places: [mark], placeCount: 1 }), view)).toBe("LogiCorp marked TechCo's commitment: Ship the API");
    const own = entry(7, { partnerId: 'tech', places: [placeOf(['commitments', 'c1', 'status']), mark], placeCount: 2 });
    expect(describeActivity(own, view)).toBe("TechCo edited TechCo's commitment: Ship the API");
  });

  it('ACT-2, ACT-3: comments on the charter read in the method\'s words, in the Charter section', () => {
    const thread = { id: 't1', from: 'AA==', to: 'AA==', quote: 'A partner may leave after 90 days', partnerId: 'tech', openedAt: T0, resolved: true, resolvedBy: 'Bo', resolvedAt: T0 };
    const comment = { id: 'c1', threadId: 't1', partnerId: 'tech', by: 'Ana', text: 'Too short.', at: T0, editedAt: null };
    const withComments = { ...view, charterThreads: [thread], charterComments: [comment] };
    const opened = entry(8, { partnerId: 'tech', linkLabel: 'Ana', places: [placeOf(['charterThreads', 't1']), placeOf(['charterComments', 'c1'])], placeCount: 2 });
    expect(describeActivity(opened, withComments)).toBe('TechCo (Ana) commented on the charter');
    const resolved = entry(9, { places: ['resolved', 'resolvedBy', 'resolvedAt'].map((f) => placeOf(['charterThreads', 't1', f])), placeCount: 3 });
    expect(describeActivity(resolved, withComments)).toBe('LogiCorp resolved a comment thread on "A partner may leave after 90 days"');
    expect(describeActivity(resolved, { ...withComments, charterThreads: [{ ...thread, resolved: false }] })).toBe('LogiCorp reopened a comment thread on "A partner may leave after 90 days"');
    expect(describeActivity(entry(10, { places: [placeOf(['charterComments', 'c1', 'text'])], placeCount: 1 }), withComments)).toBe('LogiCorp edited a comment on the charter');
    expect(describeActivity(entry(11, { places: [placeOf(['charterComments', 'gone'])], placeCount: 1 }), withComments)).toBe('LogiCorp added or deleted a comment on the charter (now deleted)');
    expect(sectionOf(placeOf(['charterComments', 'c1']))).toBe('charter');
  });

  it('ACT-2: a record written whole reads as added while it is there; gone, it reads as added or removed, never as only removed', () => {
    const withInterest = { ...view, interests: [interest('i1', 'tech', { text: 'Keep the routing IP' })] };
    const says = (path: (string | number)[], held = withInterest) => describeActivity(entry(12, { partnerId: 'tech', places: [placeOf(path)], placeCount: 1 }), held);
    expect(says(['interests', 'i1'])).toBe('TechCo added TechCo\'s interest "Keep the routing IP"');
    expect(says(['interests', 'i1', 'text'])).toBe('TechCo edited TechCo\'s interest "Keep the routing IP"');
    expect(says(['interests', 'i1'], view)).toBe('TechCo added or removed an interest (no longer on the map)');
    expect(says(['interests', 'i1', 'text'], view)).toBe('TechCo edited an interest (no longer on the map)');
    expect(says(['commitments', 'c1'])).toBe("TechCo added TechCo's commitment: Ship the API");
    expect(says(['commitments', 'c1', 'text'])).toBe("TechCo edited TechCo's commitment: Ship the API");
    expect(says(['commitments', 'gone'])).toBe('TechCo added or removed a commitment (no longer listed)');
  });

  it('ACT-3: entries filter by partner and by section', () => {
    const entries = [
      entry(1, { places: [placeOf(['decisions', 'd1', 'votes', 'logi'])] }),
      entry(2, { partnerId: 'tech', places: [placeOf(['charter', 0])] }),
      entry(3, { partnerId: null, places: [placeOf(['governance', 'quorum'])] }),
    ];
    expect(filterActivity(entries, { partnerId: 'tech' }).map((e) => e.seq)).toEqual([2]);
    expect(filterActivity(entries, { partnerId: null }).map((e) => e.seq)).toEqual([3]);
    expect(filterActivity(entries, { section: 'decisions' }).map((e) => e.seq)).toEqual([1]);
    expect(sectionOf(placeOf(['partners', 'tech', 'exitNoticeAt']))).toBe('exit');
    expect(sectionOf(placeOf(['partners', 'tech', 'votingWeight']))).toBe('governance');
    // What the stores keep to filter by: each section once, in the order of the places.
    expect(sectionsOf([placeOf(['charter', 0]), placeOf(['decisions', 'd1', 'votes', 'logi']), placeOf(['charterThreads', 't1'])])).toEqual(['charter', 'decisions']);
  });

  it('ACT-4: newest first, by time then by sequence', () => {
    const list = [entry(1, { at: T0 }), entry(3, { at: T0 + 5 }), entry(2, { at: T0 + 5 })];
    expect(newestFirst(list).map((e) => e.seq)).toEqual([3, 2, 1]);
  });
});
