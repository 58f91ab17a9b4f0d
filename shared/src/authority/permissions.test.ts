import { describe, expect, it } from 'vitest';
import { partner } from '../method/testAlliance.ts';
import { can, constitutionRoute, type Action } from './permissions.ts';
import { alliance, facilitator, logi, now, owner, viewer } from './testView.ts';

describe('authority: what the app offers', () => {
  it('AUTH-3: the app offers a vote exactly where the relay admits it', () => {
    const view = alliance();
    const actions: Action[] = [
      { kind: 'vote', decisionId: 'd1', partnerId: 'tech' },
      { kind: 'vote', decisionId: 'd1', partnerId: 'logi' },
      { kind: 'checkIn', partnerId: 'tech' },
      { kind: 'checkIn', partnerId: 'logi' },
      { kind: 'editInterest', partnerId: 'tech' },
      { kind: 'editCommitment', partnerId: 'logi' },
      { kind: 'giveExitNotice', partnerId: 'tech' },
    ];
    expect(actions.map((a) => can(logi, a, view, now).allowed)).toEqual([false, true, false, true, false, true, false]);
    expect(can(logi, { kind: 'vote', decisionId: 'd1', partnerId: 'tech' }, view, now)).toMatchObject({ reason: "Only TechCo's links can vote for TechCo." });
  });

  it('AUTH-10: partners and links are managed by owner links only', () => {
    const view = alliance();
    expect(can(owner, { kind: 'managePartners' }, view, now).allowed).toBe(true);
    expect(can(logi, { kind: 'managePartners' }, view, now).allowed).toBe(false);
    expect(can(owner, { kind: 'manageLinks' }, view, now).allowed).toBe(true);
    expect(can(logi, { kind: 'manageLinks' }, view, now)).toMatchObject({ allowed: false, rule: 'AUTH-10' });
    expect(can(facilitator, { kind: 'editCharter' }, view, now).allowed).toBe(true);
    expect(can(viewer, { kind: 'editCharter' }, view, now)).toMatchObject({ allowed: false, rule: 'AUTH-1' });
  });

  it('AUTH-11: rules change directly only for an owner governing alone; otherwise partners propose', () => {
    const view = alliance();
    expect(can(owner, { kind: 'changeRules' }, view, now).allowed).toBe(false);
    expect(constitutionRoute(owner, view)).toBe('proposal');
    expect(constitutionRoute(facilitator, view)).toBe('none');
    expect(constitutionRoute(viewer, view)).toBe('none');
    const solo = alliance({ partners: [partner('tech')] });
    expect(can(owner, { kind: 'changeRules' }, solo, now).allowed).toBe(true);
    expect(constitutionRoute(owner, solo)).toBe('direct');
  });
});
