import { describe, expect, it } from 'vitest';
import { T0 } from '../method/testAlliance.ts';
import { LIMITS } from '../schema.ts';
import { can } from './permissions.ts';
import { alliance, at, check, facilitator, insert, logi, now, remove, tech, update, viewer } from './testView.ts';

describe('authority: comments on the charter', () => {
  it('AUTH-16: comments on the charter are written in the writer\'s own name; only their author edits or deletes them', () => {
    const thread = { id: 't1', from: 'AA==', to: 'AA==', quote: '90 days', partnerId: 'tech', openedAt: T0, resolved: false, resolvedBy: '', resolvedAt: null };
    const comment = (id: string, partnerId: string | null) => ({ id, threadId: 't1', partnerId, by: 'Ana', text: 'Too short.', at: T0, editedAt: null });
    const view = alliance({ charterThreads: [thread], charterComments: [comment('c-tech', 'tech'), comment('c-sam', null)] });
    const opening = { quote: 'notice', partnerId: 'logi', resolved: false };
    // Opening a thread and commenting: in one's own name (a facilitator's carries none).
    expect(check(logi, at('charterThreads', 't2'), insert(opening), view).allowed).toBe(true);
    expect(check(tech, at('charterThreads', 't2'), insert(opening), view)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
    expect(check(logi, at('charterThreads', 't2'), insert({ ...opening, resolved: true }), view)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
    expect(check(logi, at('charterComments', 'c2'), insert({ threadId: 't1', partnerId: 'logi' }), view).allowed).toBe(true);
    expect(check(logi, at('charterComments', 'c2'), insert({ threadId: 't1', partnerId: 'tech' }), view)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
    expect(check(facilitator, at('charterComments', 'c2'), insert({ threadId: 't1', partnerId: null }), view).allowed).toBe(true);
    expect(check(facilitator, at('charterComments', 'c2'), insert({ threadId: 't1', partnerId: 'tech' }), view)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
    // Editing and deleting: the author's links only; a facilitator's comment is the facilitators'.
    expect(check(tech, at('charterComments', 'c-tech', 'text'), update('Far too short.'), view).allowed).toBe(true);
    expect(check(tech, at('charterComments', 'c-tech'), remove, view).allowed).toBe(true);
    expect(check(logi, at('charterComments', 'c-tech', 'text'), update('Fine.'), view)).toEqual({
      allowed: false,
      rule: 'AUTH-16',
      reason: "Only TechCo's links can edit or delete TechCo's comment.",
    });
    expect(check(logi, at('charterComments', 'c-tech'), remove, view)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
    expect(check(facilitator, at('charterComments', 'c-tech'), remove, view)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
    expect(check(facilitator, at('charterComments', 'c-sam', 'text'), update('Noted.'), view).allowed).toBe(true);
    expect(check(tech, at('charterComments', 'c-sam'), remove, view)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
    // Who wrote it, on which thread and when never change, not even by its author.
    expect(check(tech, at('charterComments', 'c-tech', 'partnerId'), update('logi'), view)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
    expect(check(tech, at('charterComments', 'c-tech', 'threadId'), update('t9'), view)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
    expect(check(tech, at('charterComments', 'c-tech'), update({ ...comment('c-tech', 'tech'), text: 'x' }), view)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
  });

  it('AUTH-16: any partner or facilitator resolves and reopens a thread; its passage, quote and opener never change, and it is never removed', () => {
    const thread = { id: 't1', from: 'AA==', to: 'AA==', quote: '90 days', partnerId: 'tech', openedAt: T0, resolved: false, resolvedBy: '', resolvedAt: null };
    const view = alliance({ charterThreads: [thread] });
    for (const actor of [tech, logi, facilitator]) {
      expect(check(actor, at('charterThreads', 't1', 'resolved'), update(true), view).allowed).toBe(true);
      expect(check(actor, at('charterThreads', 't1', 'resolvedBy'), update('Bo'), view).allowed).toBe(true);
    }
    expect(check(viewer, at('charterThreads', 't1', 'resolved'), update(true), view)).toMatchObject({ allowed: false, rule: 'AUTH-1' });
    for (const field of ['from', 'to', 'quote', 'partnerId', 'openedAt']) {
      expect(check(tech, at('charterThreads', 't1', field), update('x'), view)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
    }
    expect(check(tech, at('charterThreads', 't1'), remove, view)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
    expect(check(tech, at('charterThreads', 't1', 'resolved'), remove, view)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
    expect(check(tech, at('charterThreads', 't1', 'colour'), update('x'), view)).toMatchObject({ allowed: false, rule: 'AUTH-13' });
  });

  it('AUTH-16, CMT-6: the relay refuses a thread or a comment beyond the alliance\'s bounds', () => {
    const threads = Array.from({ length: LIMITS.charterThreads }, (_, i) => ({ id: `t${i}`, from: 'AA==', to: 'AA==', quote: 'q', partnerId: 'tech', openedAt: T0, resolved: false, resolvedBy: '', resolvedAt: null }));
    const comments = Array.from({ length: LIMITS.charterComments }, (_, i) => ({ id: `c${i}`, threadId: 't0', partnerId: 'tech', by: 'Ana', text: 'x', at: T0, editedAt: null }));
    const full = alliance({ charterThreads: threads, charterComments: comments });
    expect(check(tech, at('charterThreads', 'new'), insert({ partnerId: 'tech', resolved: false }), full)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
    expect(check(tech, at('charterComments', 'new'), insert({ threadId: 't0', partnerId: 'tech' }), full)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
    expect(check(tech, at('charterComments', 'new'), insert({ threadId: 't0', partnerId: 'tech' }), alliance({ charterThreads: threads.slice(1) })).allowed).toBe(true);
  });

  it('AUTH-16: the app offers comment controls exactly where the relay admits them', () => {
    const view = alliance({ charterComments: [{ id: 'c-tech', threadId: 't1', partnerId: 'tech', by: 'Ana', text: 'x', at: T0, editedAt: null }] });
    expect(can(tech, { kind: 'commentOnCharter' }, view, now).allowed).toBe(true);
    expect(can(facilitator, { kind: 'commentOnCharter' }, view, now).allowed).toBe(true);
    expect(can(viewer, { kind: 'commentOnCharter' }, view, now).allowed).toBe(false);
    expect(can(tech, { kind: 'editCharterComment', commentId: 'c-tech' }, view, now).allowed).toBe(true);
    expect(can(logi, { kind: 'editCharterComment', commentId: 'c-tech' }, view, now)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
  });
});
