import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AllianceDocument, HISTORY_HARD_LIMITS } from '@trellis/shared';
import { AuthorityCheck } from './authorityCheck.ts';

const NOW = Date.UTC(2026, 10, 28);

/** A relay document with TechCo and LogiCorp, a decision, and TechCo's vote on it; plus a copy from before the vote. */
function allianceWithVote() {
  const relay = new Y.Doc();
  relay.clientID = 5;
  const alliance = AllianceDocument.create(relay, { name: 'Lyon depot', mode: 'full', partners: [{ name: 'TechCo' }, { name: 'LogiCorp' }] }, { now: () => NOW });
  const [tech, logi] = alliance.partners.list();
  const decision = alliance.proposeDecision({ title: 'Open the Lyon depot', category: 'strategic', deadline: NOW + 7 * 86_400_000, createdBy: 'Ana', proposerId: tech!.id });
  const beforeVote = Y.encodeStateAsUpdate(relay);
  alliance.castVote(decision.id, tech!.id, 'yes', 'Ana');
  return { relay, beforeVote, techId: tech!.id, logiId: logi!.id, decisionId: decision.id };
}

describe('the relay authority check', () => {
  it('AUTH-3 a value set and removed in one update still removes what the key held: another partner\'s vote is refused', () => {
    const { relay, beforeVote, techId, logiId, decisionId } = allianceWithVote();
    // LogiCorp's copy never saw TechCo's vote. With a client id above TechCo's, its value for the key wins
    // Yjs's conflict resolution and replaces TechCo's vote; the same update then removes its own value.
    const stale = new Y.Doc();
    stale.clientID = 0x7fffffff;
    Y.applyUpdate(stale, beforeVote);
    const before = Y.encodeStateVector(stale);
    const votes = (stale.getMap('decisions').get(decisionId) as Y.Map<unknown>).get('votes') as Y.Map<unknown>;
    stale.transact(() => {
      votes.set(techId, { choice: 'no', at: NOW, by: 'Eve' });
      votes.delete(techId);
    });
    const update = Y.encodeStateAsUpdate(stale, before);

    const verdict = new AuthorityCheck(relay).check({ role: 'edit', partnerId: logiId }, update, NOW);
    expect(verdict).toMatchObject({ kind: 'refused', rule: 'AUTH-3' });

    // What it would have done: TechCo's vote is gone once Yjs integrates it.
    const probe = new Y.Doc();
    Y.applyUpdate(probe, Y.encodeStateAsUpdate(relay));
    Y.applyUpdate(probe, update);
    expect(((probe.getMap('decisions').get(decisionId) as Y.Map<unknown>).get('votes') as Y.Map<unknown>).has(techId)).toBe(false);
  });

  it('AUTH-3 LogiCorp setting and removing its own vote in one update is its own business', () => {
    const { relay, logiId, decisionId } = allianceWithVote();
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(relay));
    const before = Y.encodeStateVector(copy);
    const votes = (copy.getMap('decisions').get(decisionId) as Y.Map<unknown>).get('votes') as Y.Map<unknown>;
    copy.transact(() => {
      votes.set(logiId, { choice: 'no', at: NOW, by: 'Bo' });
      votes.delete(logiId);
    });
    expect(new AuthorityCheck(relay).check({ role: 'edit', partnerId: logiId }, Y.encodeStateAsUpdate(copy, before), NOW)).toMatchObject({ kind: 'allowed' });
  });

  it('AUTH-17 a writer that never prunes the charter\'s history is stopped at the relay\'s bound; one that prunes goes on', () => {
    const { relay, logiId } = allianceWithVote();
    const logi = new Y.Doc();
    Y.applyUpdate(logi, Y.encodeStateAsUpdate(relay));
    const alliance = new AllianceDocument(logi, { now: () => NOW });
    alliance.charter().insert(0, [new Y.XmlText('The agreed text.')]);
    const kept = alliance.takeCharterVersion({ kind: 'pause', partnerId: logiId, by: 'Bo' })!;
    const entry = logi.getMap('charterVersions').get(kept.id);
    // A hostile copy of that entry under ever new ids, never pruning: as the relay holds them.
    for (let i = 0; i < HISTORY_HARD_LIMITS.versions - 1; i++) logi.getMap('charterVersions').set(`copy-${i}`, entry);
    Y.applyUpdate(relay, Y.encodeStateAsUpdate(logi));
    const check = new AuthorityCheck(relay);
    const before = Y.encodeStateVector(logi);
    logi.getMap('charterVersions').set('one-more', entry);
    expect(check.check({ role: 'edit', partnerId: logiId }, Y.encodeStateAsUpdate(logi, before), NOW)).toMatchObject({ kind: 'refused', rule: 'AUTH-17' });
    const pruning = new Y.Doc();
    Y.applyUpdate(pruning, Y.encodeStateAsUpdate(relay));
    const prunedFrom = Y.encodeStateVector(pruning);
    pruning.transact(() => {
      pruning.getMap('charterVersions').delete('copy-0');
      pruning.getMap('charterVersions').set('in-its-place', entry);
    });
    expect(check.check({ role: 'edit', partnerId: logiId }, Y.encodeStateAsUpdate(pruning, prunedFrom), NOW)).toMatchObject({ kind: 'allowed' });
  });

  describe('AUTH-5 links between interests, made in the app', () => {
    /** The relay's document with one interest of each partner, and LogiCorp's copy of it. */
    function interestMap() {
      const { relay, techId, logiId } = allianceWithVote();
      const relayAlliance = new AllianceDocument(relay, { now: () => NOW });
      const techGoal = relayAlliance.addInterest({ partnerId: techId, kind: 'explicit', layer: 'strategic', text: 'Grow in Lyon' });
      const techOther = relayAlliance.addInterest({ partnerId: techId, kind: 'implicit', layer: 'relational', text: 'Keep our brand' });
      const logi = new Y.Doc();
      Y.applyUpdate(logi, Y.encodeStateAsUpdate(relay));
      const before = Y.encodeStateVector(logi);
      const sent = () => Y.encodeStateAsUpdate(logi, before);
      return { relay, techId, logiId, techGoal, techOther, logi: new AllianceDocument(logi, { now: () => NOW }), sent };
    }

    it('a partner links its own interest to another partner\'s: the link and every field of it are admitted', () => {
      const { relay, techId, logiId, techGoal } = interestMap();
      const own = new AllianceDocument(relay, { now: () => NOW }).addInterest({ partnerId: logiId, kind: 'red-line', layer: 'strategic', text: 'Keep our customers' });
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(relay));
      const before = Y.encodeStateVector(copy);
      new AllianceDocument(copy, { now: () => NOW }).linkInterests({ fromInterestId: own.id, toInterestId: techGoal.id, relation: 'conflicts', note: 'Both want the accounts' });
      const update = Y.encodeStateAsUpdate(copy, before);
      expect(new AuthorityCheck(relay).check({ role: 'edit', partnerId: logiId }, update, NOW)).toMatchObject({ kind: 'allowed' });
      // TechCo may link them too: the link is written by the partners whose interests it links.
      expect(new AuthorityCheck(relay).check({ role: 'edit', partnerId: techId }, update, NOW)).toMatchObject({ kind: 'allowed' });
    });

    it('an interest and a link to it made offline arrive as one update and are admitted', () => {
      const { relay, logiId, techGoal, logi, sent } = interestMap();
      const own = logi.addInterest({ partnerId: logiId, kind: 'red-line', layer: 'operational', text: 'Keep our own depots' });
      logi.linkInterests({ fromInterestId: techGoal.id, toInterestId: own.id, relation: 'supports' });
      expect(new AuthorityCheck(relay).check({ role: 'edit', partnerId: logiId }, sent(), NOW)).toMatchObject({ kind: 'allowed' });
    });

    it('a link between two of another partner\'s interests is refused, and so is one to an interest claimed for that partner in the same update', () => {
      const { relay, logiId, techGoal, techOther, logi, sent } = interestMap();
      logi.linkInterests({ fromInterestId: techGoal.id, toInterestId: techOther.id, relation: 'supports' });
      expect(new AuthorityCheck(relay).check({ role: 'edit', partnerId: logiId }, sent(), NOW)).toMatchObject({ kind: 'refused', rule: 'AUTH-5' });

      const other = interestMap();
      const claimed = other.logi.addInterest({ partnerId: other.techId, kind: 'explicit', layer: 'strategic', text: 'Said for TechCo' });
      other.logi.linkInterests({ fromInterestId: claimed.id, toInterestId: other.techGoal.id, relation: 'supports' });
      expect(new AuthorityCheck(other.relay).check({ role: 'edit', partnerId: other.logiId }, other.sent(), NOW)).toMatchObject({ kind: 'refused', rule: 'AUTH-5' });
    });
  });
});
