import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AllianceDocument } from '@trellis/shared';
import { actorOf, standingOf } from './actor.ts';
import { changeRoute, permission, type PermissionInput } from './permissions.ts';

const NOW = Date.UTC(2026, 3, 1, 9);

function alliance(partners = ['TechCo', 'LogiCorp']) {
  const doc = AllianceDocument.create(new Y.Doc(), { name: 'Harbour', mode: 'full', partners: partners.map((name) => ({ name })) }, { now: () => NOW });
  return doc.snapshot();
}

function input(snapshot: ReturnType<typeof alliance>, role: 'owner' | 'edit' | 'view', partnerId: string | null, readOnlyReason: string | null = null): PermissionInput {
  const actor = actorOf({ role, partnerId, linkLabel: 'x', linkKnown: true });
  return { readOnlyReason, actor, standing: standingOf(actor, snapshot.partners), snapshot };
}

describe('what a link is offered: shared can() on this copy (AUTH-3, AUTH-6, AUTH-10, AUTH-11)', () => {
  it('AUTH-3: a LogiCorp link votes for LogiCorp only, and says why not for TechCo', () => {
    const snapshot = alliance();
    const [tech, logi] = snapshot.partners;
    const logiLink = input(snapshot, 'edit', logi!.id);
    expect(permission(logiLink, { kind: 'vote', decisionId: 'd1', partnerId: logi!.id }, NOW)).toEqual({ allowed: true });
    expect(permission(logiLink, { kind: 'vote', decisionId: 'd1', partnerId: tech!.id }, NOW)).toEqual({ allowed: false, reason: "Only TechCo's links can vote for TechCo." });
    expect(permission(logiLink, { kind: 'checkIn', partnerId: tech!.id }, NOW).allowed).toBe(false);
  });

  it('AUTH-10: partners and links are the owner’s; AUTH-11: with two partners even the owner proposes a rule change', () => {
    const snapshot = alliance();
    const [tech, logi] = snapshot.partners;
    expect(permission(input(snapshot, 'edit', logi!.id), { kind: 'managePartners' }, NOW).allowed).toBe(false);
    expect(permission(input(snapshot, 'owner', tech!.id), { kind: 'managePartners' }, NOW).allowed).toBe(true);
    expect(changeRoute(input(snapshot, 'owner', tech!.id))).toBe('proposal');
    expect(changeRoute(input(snapshot, 'edit', null))).toBe('none');
    expect(changeRoute(input(alliance(['TechCo']), 'owner', null))).toBe('direct');
  });

  it('a read-only copy offers nothing and gives its own reason; a link whose partner has not arrived says so', () => {
    const snapshot = alliance();
    const logi = snapshot.partners[1]!;
    expect(permission(input(snapshot, 'edit', logi.id, 'Revoked.'), { kind: 'editCharter' }, NOW)).toEqual({ allowed: false, reason: 'Revoked.' });
    expect(changeRoute(input(snapshot, 'owner', logi.id, 'Revoked.'))).toBe('none');
    const unknown = input(snapshot, 'edit', 'p-not-here');
    expect(permission(unknown, { kind: 'checkIn', partnerId: 'p-not-here' }, NOW)).toEqual({ allowed: false, reason: 'Your link’s organization has not reached this device yet.' });
  });
});
