/**
 * The worked example as a committed fixture (shared/fixtures/worked-example.v1.ydoc): the encoded
 * document must keep opening, read as schema v1, and give the method's expected values. Two more
 * fixtures keep older and newer document shapes: one written before meta.schemaVersion existed, and
 * one from a future schema 2, which opens read-only.
 *
 * Regenerate the fixtures (only when a change is meant to alter them) with
 * `TRELLIS_WRITE_FIXTURES=1 npx vitest run --project shared src/document/example.test.ts`, and commit them.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { SCHEMA_VERSION, type AllianceSnapshot, type Partner } from '../schema.ts';
import { alignmentGaps } from '../method/alignmentGaps.ts';
import { addMonthsUtc, DAY_MS } from '../method/calendar.ts';
import { charterAudit, ESSENTIALS, exitNoticeConsistency, governanceConsistency } from '../method/charterAudit.ts';
import { toBase64Url } from '../ids.ts';
import { decisionOutcome } from '../method/governance.ts';
import { allianceHealth } from '../method/health.ts';
import { nextReviewDate } from '../method/realignment.ts';
import { allianceTrustBalance, DEFAULT_TRUST_POINTS, freeRiders, trustBalances } from '../method/trust.ts';
import { Prng, seededRandomBytes } from '../testing/prng.ts';
import { AllianceDocument } from './alliance.ts';
import { charterBlocks } from './charter.ts';
import { DocumentError } from './documentError.ts';
import { EXAMPLE_AGE_DAYS, EXAMPLE_CHARTER, exampleAlliance } from './example.ts';

/** The moment the fixture's example was generated at: every derived value below is taken at it. */
const FIXTURE_NOW = Date.UTC(2026, 5, 1);
const FIXTURE_SEED = 20260601;
const FIXTURE_CLIENT_ID = 2026;
/** Day `n` of the example's story (example.ts writes its history on a clock starting EXAMPLE_AGE_DAYS ago). */
const day = (n: number) => FIXTURE_NOW - EXAMPLE_AGE_DAYS * DAY_MS + n * DAY_MS;

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));
const WORKED_EXAMPLE = fixture('worked-example.v1.ydoc');
const BEFORE_VERSIONING = fixture('before-versioning.v0.ydoc');
const FUTURE_SCHEMA = fixture('future-schema.v2.ydoc');

/** The example exactly as the fixture was made: fixed client id, clock and random source. */
function generateExample(): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = FIXTURE_CLIENT_ID;
  exampleAlliance(doc, { now: FIXTURE_NOW, random: seededRandomBytes(new Prng(FIXTURE_SEED)) });
  return doc;
}

/**
 * A document as written before meta.schemaVersion existed: the example with the version removed, and
 * a vote stored as a bare choice string (which the contract allows: partnerId -> yes / no / abstain / veto).
 */
function generateBeforeVersioning(): Y.Doc {
  const doc = generateExample();
  doc.transact(() => {
    doc.getMap('meta').delete('schemaVersion');
    const alliance = new AllianceDocument(doc);
    const decision = alliance.snapshot().decisions[0]!;
    const votes = doc.getMap<Y.Map<Y.Map<unknown>>>('decisions').get(decision.id)!.get('votes') as Y.Map<unknown>;
    const logiCorp = partnerNamed(alliance.snapshot(), 'LogiCorp').id;
    votes.set(logiCorp, 'yes');
  });
  return doc;
}

/** A document from a later Trellis: schema 2, with a field and a root this version does not know. */
function generateFutureSchema(): Y.Doc {
  const doc = generateExample();
  doc.transact(() => {
    doc.getMap('meta').set('schemaVersion', 2);
    doc.getMap('meta').set('region', 'eu-west');
    doc.getMap('riskRegister').set('r1', 'Permit renewal in 2027');
  });
  return doc;
}

function open(path: string): AllianceDocument {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(readFileSync(path)));
  return new AllianceDocument(doc, { now: () => FIXTURE_NOW, random: seededRandomBytes(new Prng(1)) });
}

function partnerNamed(snapshot: AllianceSnapshot, name: string): Partner {
  const partner = snapshot.partners.find((p) => p.name === name);
  if (!partner) throw new Error(`No partner named ${name}`);
  return partner;
}

beforeAll(() => {
  if (process.env['TRELLIS_WRITE_FIXTURES'] === '1') {
    writeFileSync(WORKED_EXAMPLE, Y.encodeStateAsUpdate(generateExample()));
    // Old and future shapes are real bytes from the past: written once, never regenerated over.
    if (!existsSync(BEFORE_VERSIONING)) writeFileSync(BEFORE_VERSIONING, Y.encodeStateAsUpdate(generateBeforeVersioning()));
    if (!existsSync(FUTURE_SCHEMA)) writeFileSync(FUTURE_SCHEMA, Y.encodeStateAsUpdate(generateFutureSchema()));
  }
});

describe('the worked example fixture (worked-example.v1.ydoc)', () => {
  let alliance: AllianceDocument;
  let snapshot: AllianceSnapshot;
  let techCo: Partner;
  let logiCorp: Partner;
  let green: Partner;

  beforeAll(() => {
    expect(existsSync(WORKED_EXAMPLE), `${WORKED_EXAMPLE} is missing: generate it with TRELLIS_WRITE_FIXTURES=1`).toBe(true);
    alliance = open(WORKED_EXAMPLE);
    snapshot = alliance.snapshot();
    techCo = partnerNamed(snapshot, 'TechCo');
    logiCorp = partnerNamed(snapshot, 'LogiCorp');
    green = partnerNamed(snapshot, 'GreenAlliance');
  });

  it('opens as an initialised, writable schema v1 document', () => {
    expect(alliance.isInitialised()).toBe(true);
    expect(alliance.doc.getMap('meta').get('schemaVersion')).toBe(1);
    expect(snapshot.meta.schemaVersion).toBe(SCHEMA_VERSION);
    expect(alliance.readOnlyReason()).toBeNull();
    expect(snapshot.meta).toMatchObject({ name: 'Green Last Mile', mode: 'full', reviewCadenceMonths: 6, createdAt: day(0) });
  });

  it('has the three partners, GreenAlliance minority-protected', () => {
    expect(snapshot.partners.map((p) => [p.name, p.votingWeight, p.minorityProtected, p.status])).toEqual([
      ['TechCo', 40, false, 'active'],
      ['LogiCorp', 40, false, 'active'],
      ['GreenAlliance', 20, true, 'active'],
    ]);
    expect(snapshot.governance.leadPartnerId).toBe(logiCorp.id);
  });

  it("maps each partner's interests by kind and layer", () => {
    const map = (partner: Partner) =>
      snapshot.interests
        .filter((i) => i.partnerId === partner.id)
        .map((i) => `${i.kind}/${i.layer}`)
        .sort();
    expect(map(techCo)).toEqual(['explicit/operational', 'explicit/strategic', 'implicit/strategic', 'red-line/strategic']);
    expect(map(logiCorp)).toEqual(['explicit/operational', 'implicit/relational', 'red-line/operational']);
    expect(map(green)).toEqual(['explicit/relational', 'explicit/strategic', 'implicit/relational', 'red-line/strategic']);
    expect(snapshot.interests.find((i) => i.kind === 'red-line' && i.partnerId === techCo.id)?.text).toMatch(/routing algorithms/);
  });

  it('records the data-ownership decision as passed, escalated to the steering committee', () => {
    expect(snapshot.decisions).toHaveLength(1);
    const decision = snapshot.decisions[0]!;
    expect(decision.title).toMatch(/^Data ownership/);
    expect(decision).toMatchObject({
      category: 'strategic',
      level: 'steering',
      status: 'decided',
      outcome: 'passed',
      openedAt: day(20),
      escalatedAt: day(30),
      // Escalation gives the steering committee its 30 days from the escalation.
      deadline: day(30) + 30 * DAY_MS,
    });
    expect(decision.escalationReason).toMatch(/Deadlocked/);
    expect(Object.fromEntries(Object.entries(decision.votes).map(([id, v]) => [id, v.choice]))).toEqual({
      [techCo.id]: 'yes',
      [logiCorp.id]: 'yes',
      [green.id]: 'yes',
    });
    // TechCo changed its no (day 24) into a yes (day 38): the latest vote stands.
    expect(decision.votes[techCo.id]!.at).toBe(day(38));
    const live = decisionOutcome(decision, snapshot.partners, snapshot.governance, FIXTURE_NOW);
    expect(live).toMatchObject({ outcome: 'passed', final: true, rule: 'consensus', quorumMet: true });
  });

  it('keeps the trust account: TechCo’s transparency and delivery as deposits, LogiCorp’s missed delivery as a withdrawal', () => {
    const points = DEFAULT_TRUST_POINTS;
    const balances = trustBalances(snapshot.trust);
    expect(balances.get(techCo.id)).toBe(2 * points.transparency + points['commitment-delivered'] + points['information-shared-early']);
    expect(balances.get(techCo.id)).toBe(9);
    expect(balances.get(logiCorp.id)).toBe(points['deadline-missed'] + points['contribution-acknowledged']);
    expect(balances.get(logiCorp.id)).toBe(-2);
    expect(balances.get(green.id)).toBe(2 * points['information-shared-early']);
    expect(balances.get(green.id)).toBe(4);
    expect(allianceTrustBalance(snapshot.trust)).toBe(11);
    // Only LogiCorp has made no deposit and delivered nothing in the last eight weeks.
    expect(freeRiders(snapshot, FIXTURE_NOW).map((f) => f.partnerId)).toEqual([logiCorp.id]);

    const byKind = (partner: Partner) => snapshot.trust.filter((e) => e.partnerId === partner.id).map((e) => [e.kind, e.points, e.at]);
    expect(byKind(techCo)).toEqual([
      ['transparency', 2, day(10)],
      ['commitment-delivered', 3, day(40)],
      ['information-shared-early', 2, day(120)],
      ['transparency', 2, day(188)],
    ]);
    expect(byKind(logiCorp)).toEqual([
      ['deadline-missed', -3, day(52)],
      ['contribution-acknowledged', 1, day(60)],
    ]);
    const missed = snapshot.trust.find((e) => e.kind === 'deadline-missed')!;
    expect(snapshot.commitments.find((c) => c.id === missed.commitmentId)).toMatchObject({ partnerId: logiCorp.id, status: 'missed', resolvedAt: day(52) });
  });

  it('has its conflicting link resolved, so no conflict is left as an alignment gap', () => {
    const conflicts = snapshot.alignment.filter((l) => l.relation === 'conflicts');
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.resolution).toMatch(/shared data trust/);
    expect(alignmentGaps(snapshot).filter((g) => g.kind === 'unresolved-conflict')).toEqual([]);
  });

  it('holds one realignment review whose agreed changes move to self-funding', () => {
    expect(snapshot.reviews).toHaveLength(1);
    const review = snapshot.reviews[0]!;
    expect(review.at).toBe(day(183));
    expect(review.agreedChanges).toMatch(/self-funding/);
    expect(review.fit).toEqual({ [techCo.id]: 4, [logiCorp.id]: 3, [green.id]: 4 });
  });

  it('has a charter that covers every essential', () => {
    const audit = charterAudit(snapshot.charter, snapshot.meta.mode);
    expect(audit.missing).toEqual([]);
    expect(audit.coverage).toBe(1);
    expect(audit.items.filter((i) => i.covered).map((i) => i.essential)).toEqual([...ESSENTIALS]);
  });

  it('schedules the next review six months after the last one', () => {
    const review = snapshot.reviews[0]!;
    expect(nextReviewDate(snapshot.meta, snapshot.reviews)).toBe(addMonthsUtc(review.at, 6));
    // Held on 15 May 2026, so due on 15 November 2026.
    expect(nextReviewDate(snapshot.meta, snapshot.reviews)).toBe(Date.UTC(2026, 10, 15));
  });

  it('gives its health score from the charter and the review schedule as well', () => {
    const health = allianceHealth(snapshot, FIXTURE_NOW);
    const effect = (factor: string) => health.reasons.find((r) => r.factor === factor)?.effect;
    expect(effect('charter-audit')).toBe(10);
    expect(effect('review')).toBe(5);
    expect(health.score).toBeGreaterThanOrEqual(0);
    expect(health.score).toBeLessThanOrEqual(100);
  });

  it('is the example the app creates: a fresh one (same seed, same now) has the same snapshot', () => {
    const fresh = new AllianceDocument(generateExample()).snapshot();
    expect(fresh, 'example.ts no longer makes the committed fixture: if that is meant, regenerate it with TRELLIS_WRITE_FIXTURES=1').toEqual(snapshot);
  });
});

describe('exampleAlliance as it writes the example', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('states its own rules (the defaults today) and writes a charter of its own that says them, not the template', () => {
    // The rules equal DEFAULT_RULES, so the result alone cannot tell that the example set them: the call can.
    const updateGovernance = vi.spyOn(AllianceDocument.prototype, 'updateGovernance');
    const applyTemplate = vi.spyOn(AllianceDocument.prototype, 'applyCharterTemplate');
    const example = new AllianceDocument(generateExample());
    const snapshot = example.snapshot();
    const rules = { strategic: 'consensus', execution: 'lead-partner', critical: 'weighted-majority' };
    expect(snapshot.governance.rules).toEqual(rules);
    expect(updateGovernance).toHaveBeenCalledTimes(1);
    expect(updateGovernance.mock.calls[0]![0].rules).toEqual(rules);
    expect(snapshot.meta.mode).toBe('full');
    expect(applyTemplate).not.toHaveBeenCalled();
    expect(charterBlocks(example.charter()).map((b) => b.text)).toEqual(EXAMPLE_CHARTER.map((b) => b.text));
    // A finished charter: no clause is still the template's draft (AUDIT-8), and it says what the settings and the
    // exit plan say (AUDIT-9, AUDIT-10).
    const audit = charterAudit(snapshot.charter, snapshot.meta.mode);
    expect(audit.drafts).toEqual([]);
    expect(audit.items.filter((item) => item.draft)).toEqual([]);
    expect(governanceConsistency(snapshot.charter, snapshot.governance)).toEqual([]);
    expect(exitNoticeConsistency(snapshot.charter, snapshot.exitPlan)).toBeNull();
  });

  it('opens the data-ownership vote with 14 days to decide, and TechCo first votes no as Jonas', () => {
    // Escalation later moves the deadline and TechCo's yes replaces its no: both are read as the example wrote them.
    const propose = vi.spyOn(AllianceDocument.prototype, 'proposeDecision');
    const castVote = AllianceDocument.prototype.castVote;
    const held: unknown[] = [];
    vi.spyOn(AllianceDocument.prototype, 'castVote').mockImplementation(function (this: AllianceDocument, decisionId, partnerId, choice, by) {
      castVote.call(this, decisionId, partnerId, choice, by);
      const partner = this.snapshot().partners.find((p) => p.id === partnerId)!;
      held.push([partner.name, this.decision(decisionId)!.votes[partnerId]]);
    });
    generateExample();
    expect(propose).toHaveBeenCalledTimes(1);
    expect(propose.mock.results[0]).toMatchObject({ type: 'return', value: { status: 'open', level: 'operational', openedAt: day(20), deadline: day(20) + 14 * DAY_MS } });
    expect(held).toEqual([
      ['TechCo', { choice: 'no', by: 'Jonas (TechCo)', at: day(24), on: expect.any(String) }],
      ['GreenAlliance', { choice: 'yes', by: 'Amira (GreenAlliance)', at: day(24), on: expect.any(String) }],
      ['TechCo', { choice: 'yes', by: 'Jonas (TechCo)', at: day(38), on: expect.any(String) }],
      ['LogiCorp', { choice: 'yes', by: 'Pieter (LogiCorp)', at: day(38), on: expect.any(String) }],
    ]);
  });

  it('hands back a document that draws its ids from the given random source, or from the secure one without it', () => {
    const random = vi.fn(seededRandomBytes(new Prng(7)));
    const alliance = exampleAlliance(new Y.Doc(), { now: FIXTURE_NOW, random });
    const drawn = random.mock.calls.length;
    const id = alliance.addPartner({ name: 'CityLab' }).id;
    expect(random).toHaveBeenCalledTimes(drawn + 1);
    expect(id).toBe(toBase64Url(random.mock.results.at(-1)!.value as Uint8Array));
    // The same seed gives the same ids: the seeded example stays reproducible after it is made.
    const again = exampleAlliance(new Y.Doc(), { now: FIXTURE_NOW, random: seededRandomBytes(new Prng(7)) });
    expect(again.addPartner({ name: 'CityLab' }).id).toBe(id);

    const unseeded = exampleAlliance(new Y.Doc(), { now: FIXTURE_NOW });
    const platform = vi.spyOn(globalThis.crypto, 'getRandomValues');
    const ids = [unseeded.addPartner({ name: 'CityLab' }).id, unseeded.addPartner({ name: 'PortLab' }).id];
    expect(platform).toHaveBeenCalledTimes(2);
    for (const fresh of ids) expect(fresh).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });
});

describe('older and newer document shapes', () => {
  it('a document written before schemaVersion existed opens as v1, writable, bare-string votes counted', () => {
    const alliance = open(BEFORE_VERSIONING);
    expect(alliance.doc.getMap('meta').has('schemaVersion')).toBe(false);
    expect(alliance.meta().schemaVersion).toBe(1);
    expect(alliance.readOnlyReason()).toBeNull();
    const snapshot = alliance.snapshot();
    const logiCorp = partnerNamed(snapshot, 'LogiCorp');
    expect(snapshot.decisions[0]!.votes[logiCorp.id]).toMatchObject({ choice: 'yes' });
    const partner = alliance.addPartner({ name: 'CityLab' });
    expect(alliance.snapshot().partners.map((p) => p.id)).toContain(partner.id);
  });

  it('a document from schema 2 opens read-only: it reads, and every change is refused with read-only', () => {
    const alliance = open(FUTURE_SCHEMA);
    expect(alliance.meta().schemaVersion).toBe(2);
    expect(alliance.readOnlyReason()).toMatch(/newer version of Trellis/);
    const snapshot = alliance.snapshot();
    expect(snapshot.partners.map((p) => p.name)).toEqual(['TechCo', 'LogiCorp', 'GreenAlliance']);
    const techCo = partnerNamed(snapshot, 'TechCo');
    const decision = snapshot.decisions[0]!;
    const before = Y.encodeStateVector(alliance.doc);

    const attempts: [string, () => unknown][] = [
      ['updateMeta', () => alliance.updateMeta({ name: 'Renamed' })],
      ['addPartner', () => alliance.addPartner({ name: 'CityLab' })],
      ['updatePartner', () => alliance.updatePartner(techCo.id, { votingWeight: 50 })],
      ['addInterest', () => alliance.addInterest({ partnerId: techCo.id, kind: 'explicit', layer: 'strategic', text: 'More cities' })],
      ['recordTrust', () => alliance.recordTrust({ by: 'Jonas', partnerId: techCo.id, kind: 'transparency' })],
      ['castVote', () => alliance.castVote(decision.id, techCo.id, 'no', 'Jonas')],
      ['recordReview', () => alliance.recordReview({ by: 'Steering committee', fit: {} })],
      ['applyCharterTemplate', () => alliance.applyCharterTemplate('full')],
    ];
    for (const [name, attempt] of attempts) {
      let error: unknown = null;
      try {
        attempt();
      } catch (e) {
        error = e;
      }
      expect(error, `${name} should be refused`).toBeInstanceOf(DocumentError);
      expect((error as DocumentError).code, name).toBe('read-only');
    }
    expect(alliance.completeDueExits()).toEqual([]);
    expect(Y.encodeStateVector(alliance.doc)).toEqual(before);
  });
});
