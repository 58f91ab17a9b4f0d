import * as Y from 'yjs';
import { newRecordId, secureRandomBytes, type RandomBytes } from '../ids.ts';
import {
  DECISION_CATEGORIES,
  SCHEMA_VERSION,
  type AlignmentLink,
  type AllianceKind,
  type AllianceMeta,
  type AllianceMode,
  type AllianceSnapshot,
  type CheckIn,
  type Commitment,
  type Decision,
  type DecisionCategory,
  type DecisionComment,
  type DecisionOutcome,
  type DecisionRule,
  type ExitPlan,
  type Governance,
  type Interest,
  type Partner,
  type Review,
  type ReviewCadence,
  type SharedAsset,
  type TrustEntry,
  type TrustKind,
  type Vote,
  type VoteChoice,
} from '../schema.ts';
import { DEFAULT_TRUST_POINTS, effectiveTrustEntries, isDeposit, trustEntryForCommitment } from '../method/trust.ts';
import { defaultGovernance } from '../method/governance.ts';
import { DAY_MS } from '../method/calendar.ts';
import { compareText } from '../method/order.ts';
import { appendCharterBlocks, charterBlocks, charterTemplate } from './charter.ts';
import { DocumentError } from './documentError.ts';
import {
  boolean,
  listOf,
  millis,
  nullable,
  number,
  oneOf,
  readInput,
  readPatch,
  readStored,
  recordId,
  text,
  type Spec,
} from './fields.ts';
import { RecordCollection, RecordLog } from './recordCollection.ts';
import {
  LIMITS,
  alignmentSpec,
  assetSpec,
  categoryField,
  checkInSpec,
  commentSpec,
  commitmentSpec,
  decisionSpec,
  interestSpec,
  metaSpec,
  partnerSpec,
  reviewSpec,
  ruleField,
  scoresField,
  trustSpec,
  voteSpec,
  type DecisionFields,
  type Fields,
} from './recordSpecs.ts';

export interface DocumentOptions {
  now?: () => number;
  random?: RandomBytes;
}

export interface NewPartner {
  name: string;
  votingWeight?: number;
  minorityProtected?: boolean;
  color?: string;
}

export interface NewAlliance {
  name: string;
  purpose?: string;
  mode: AllianceMode;
  kind?: AllianceKind;
  expectedEndAt?: number | null;
  reviewCadenceMonths?: ReviewCadence;
  partners?: NewPartner[];
  withCharterTemplate?: boolean;
}

/** Colours handed to partners in turn: distinct, and readable as text on white. */
const PARTNER_COLORS = ['#1f6feb', '#c2410c', '#15803d', '#7c3aed', '#be185d', '#0e7490', '#a16207', '#4d7c0f'] as const;

function defaultExitPlan(): Omit<ExitPlan, 'assets'> {
  return { noticePeriodDays: 90, nonDisparagement: true, forceMajeure: '' };
}

const DEFAULT_META: AllianceMeta = {
  name: 'Untitled alliance',
  purpose: '',
  mode: 'full',
  kind: 'open-ended',
  createdAt: 0,
  expectedEndAt: null,
  reviewCadenceMonths: 6,
  schemaVersion: SCHEMA_VERSION,
};

const DEFAULT_PARTNER: Fields<Partner> = {
  name: 'Unnamed partner',
  votingWeight: 1,
  minorityProtected: false,
  color: PARTNER_COLORS[0],
  status: 'active',
  joinedAt: 0,
  exitNoticeAt: null,
  exitEffectiveAt: null,
};

const DEFAULT_INTEREST: Fields<Interest> = {
  partnerId: '',
  kind: 'explicit',
  layer: 'strategic',
  text: '',
  priority: 2,
};

const DEFAULT_ALIGNMENT: Fields<AlignmentLink> = {
  fromInterestId: '',
  toInterestId: '',
  relation: 'supports',
  note: '',
  resolution: '',
};

const DEFAULT_COMMITMENT: Fields<Commitment> = {
  partnerId: '',
  text: '',
  createdAt: 0,
  dueAt: 0,
  status: 'open',
  resolvedAt: null,
};

const DEFAULT_DECISION: DecisionFields = {
  title: 'Untitled decision',
  body: '',
  category: 'execution',
  level: 'operational',
  status: 'open',
  openedAt: 0,
  deadline: 0,
  createdBy: '',
  outcome: null,
  escalatedAt: null,
  escalationReason: '',
};

const DEFAULT_ASSET: Fields<SharedAsset> = { name: 'Unnamed asset', holder: '', split: '' };

const governanceSpec = {
  quorum: number(0.01, 1),
  leadPartnerId: nullable(recordId),
  operationalTimeLimitDays: number(1, 365, true),
  steeringTimeLimitDays: number(1, 365, true),
  vetoCategories: listOf(categoryField, DECISION_CATEGORIES.length),
};
const exitPlanSpec: Spec<Omit<ExitPlan, 'assets'>> = {
  noticePeriodDays: number(0, 3650, true),
  nonDisparagement: boolean,
  forceMajeure: text(LIMITS.longText),
};

/** Typed access to one alliance's Y.Doc (schema v1). Every mutation validates its input and runs in one transaction. */
export class AllianceDocument {
  readonly partners: RecordCollection<Fields<Partner>>;
  readonly interests: RecordCollection<Fields<Interest>>;
  readonly alignment: RecordCollection<Fields<AlignmentLink>>;
  readonly commitments: RecordCollection<Fields<Commitment>>;
  readonly decisions: RecordCollection<DecisionFields>;
  readonly trust: RecordLog<TrustEntry>;
  readonly checkins: RecordLog<CheckIn>;
  readonly reviews: RecordLog<Review>;
  private readonly now: () => number;
  private readonly random: RandomBytes;

  constructor(
    readonly doc: Y.Doc,
    options: DocumentOptions = {},
  ) {
    this.now = options.now ?? (() => Date.now());
    this.random = options.random ?? secureRandomBytes;
    this.partners = new RecordCollection(doc.getMap('partners'), partnerSpec, DEFAULT_PARTNER, 'partner');
    this.interests = new RecordCollection(doc.getMap('interests'), interestSpec, DEFAULT_INTEREST, 'interest');
    this.alignment = new RecordCollection(doc.getMap('alignment'), alignmentSpec, DEFAULT_ALIGNMENT, 'link');
    this.commitments = new RecordCollection(doc.getMap('commitments'), commitmentSpec, DEFAULT_COMMITMENT, 'commitment');
    this.decisions = new RecordCollection(doc.getMap('decisions'), decisionSpec, DEFAULT_DECISION, 'decision');
    this.trust = new RecordLog(doc.getArray('trust'), trustSpec);
    this.checkins = new RecordLog(doc.getArray('checkins'), checkInSpec);
    this.reviews = new RecordLog(doc.getArray('reviews'), reviewSpec);
  }

  /** Writes a new alliance's meta, partners, rules and (optionally) its starting charter. */
  static create(doc: Y.Doc, init: NewAlliance, options: DocumentOptions = {}): AllianceDocument {
    const alliance = new AllianceDocument(doc, options);
    const now = alliance.now();
    const meta = readInput<AllianceMeta>(
      { ...init, createdAt: now, schemaVersion: SCHEMA_VERSION },
      metaSpec,
      { purpose: '', kind: 'open-ended', expectedEndAt: null, reviewCadenceMonths: init.mode === 'light' ? 3 : 6 },
      'alliance',
    );
    doc.transact(() => {
      const metaMap = alliance.metaMap();
      for (const key of Object.keys(metaSpec) as (keyof AllianceMeta)[]) metaMap.set(key, meta[key]);
      const governance = doc.getMap('governance');
      const rules = defaultGovernance();
      for (const category of DECISION_CATEGORIES) governance.set(ruleKey(category), rules.rules[category]);
      governance.set('quorum', rules.quorum);
      governance.set('leadPartnerId', null);
      governance.set('operationalTimeLimitDays', rules.operationalTimeLimitDays);
      governance.set('steeringTimeLimitDays', rules.steeringTimeLimitDays);
      governance.set('vetoCategories', rules.vetoCategories);
      const exitPlan = doc.getMap('exitPlan');
      const exitDefaults = defaultExitPlan();
      for (const key of Object.keys(exitDefaults) as (keyof typeof exitDefaults)[]) exitPlan.set(key, exitDefaults[key]);
      exitPlan.set('assets', new Y.Map());
      for (const partner of init.partners ?? []) alliance.addPartner(partner);
      if (init.withCharterTemplate) alliance.applyCharterTemplate(meta.mode);
    });
    return alliance;
  }

  // ---------------------------------------------------------------- reading

  /** Non-null when a newer Trellis wrote this document: it opens read-only rather than risk damaging it. */
  readOnlyReason(): string | null {
    const version = this.metaMap().get('schemaVersion');
    if (typeof version === 'number' && version > SCHEMA_VERSION) {
      return `This alliance was saved by a newer version of Trellis (document schema ${version}; this app knows ${SCHEMA_VERSION}). Update the app to edit it; you can still read it.`;
    }
    return null;
  }

  /** False for a joined alliance whose content has not arrived yet. */
  isInitialised(): boolean {
    return typeof this.metaMap().get('name') === 'string';
  }

  meta(): AllianceMeta {
    const map = this.metaMap();
    const out = {} as AllianceMeta;
    for (const key of Object.keys(metaSpec) as (keyof AllianceMeta)[]) {
      (out as unknown as Record<string, unknown>)[key] = readStored(map.get(key), metaSpec[key], DEFAULT_META[key]);
    }
    // A document with no version predates versioning: treat it as v1.
    if (typeof map.get('schemaVersion') !== 'number') out.schemaVersion = SCHEMA_VERSION;
    return out;
  }

  governance(): Governance {
    const map = this.doc.getMap('governance');
    const defaults = defaultGovernance();
    const rules = {} as Record<DecisionCategory, DecisionRule>;
    for (const category of DECISION_CATEGORIES) {
      rules[category] = readStored(map.get(ruleKey(category)), ruleField, defaults.rules[category]);
    }
    return {
      rules,
      quorum: readStored(map.get('quorum'), governanceSpec.quorum, defaults.quorum),
      leadPartnerId: readStored(map.get('leadPartnerId'), governanceSpec.leadPartnerId, defaults.leadPartnerId),
      operationalTimeLimitDays: readStored(
        map.get('operationalTimeLimitDays'),
        governanceSpec.operationalTimeLimitDays,
        defaults.operationalTimeLimitDays,
      ),
      steeringTimeLimitDays: readStored(
        map.get('steeringTimeLimitDays'),
        governanceSpec.steeringTimeLimitDays,
        defaults.steeringTimeLimitDays,
      ),
      vetoCategories: readStored(map.get('vetoCategories'), governanceSpec.vetoCategories, defaults.vetoCategories),
    };
  }

  exitPlan(): ExitPlan {
    const map = this.doc.getMap('exitPlan');
    const defaults = defaultExitPlan();
    const assets = this.assetCollection();
    return {
      noticePeriodDays: readStored(map.get('noticePeriodDays'), exitPlanSpec.noticePeriodDays, defaults.noticePeriodDays),
      nonDisparagement: readStored(map.get('nonDisparagement'), exitPlanSpec.nonDisparagement, defaults.nonDisparagement),
      forceMajeure: readStored(map.get('forceMajeure'), exitPlanSpec.forceMajeure, defaults.forceMajeure),
      assets: assets ? assets.list() : [],
    };
  }

  decision(id: string): Decision | null {
    const fields = this.decisions.get(id);
    return fields ? this.readDecision(fields) : null;
  }

  /** A plain, typed picture of the whole alliance, for derived values and rendering. */
  snapshot(): AllianceSnapshot {
    const byTime = <T extends { at: number }>(list: T[]) => list.slice().sort((a, b) => a.at - b.at);
    const partners = this.partners.list().sort((a, b) => a.joinedAt - b.joinedAt || compareText(a.name, b.name));
    const partnerIds = new Set(partners.map((p) => p.id));
    // A partner removed on one device while another added to it leaves orphans after the merge: hide them.
    const interests = this.interests
      .list()
      .filter((i) => partnerIds.has(i.partnerId))
      .sort((a, b) => b.priority - a.priority || compareText(a.text, b.text));
    const interestIds = new Set(interests.map((i) => i.id));
    const commitments = this.commitments.list().sort((a, b) => a.dueAt - b.dueAt);
    return {
      meta: this.meta(),
      partners,
      interests,
      alignment: this.alignment.list().filter((l) => interestIds.has(l.fromInterestId) && interestIds.has(l.toInterestId)),
      charter: charterBlocks(this.charter()),
      trust: byTime(effectiveTrustEntries(this.trust.list(), commitments)),
      commitments,
      checkins: byTime(this.checkins.list()),
      governance: this.governance(),
      decisions: this.decisions
        .list()
        .map((fields) => this.readDecision(fields))
        .sort((a, b) => b.openedAt - a.openedAt),
      reviews: byTime(this.reviews.list()),
      exitPlan: this.exitPlan(),
    };
  }

  /** The charter root, for Tiptap's Collaboration extension. */
  charter(): Y.XmlFragment {
    return this.doc.getXmlFragment('charter');
  }

  /** Calls back after every change, local or remote; returns the unsubscribe function. */
  onChange(callback: () => void): () => void {
    const roots = ['meta', 'partners', 'interests', 'alignment', 'trust', 'commitments', 'checkins', 'governance', 'decisions', 'reviews', 'exitPlan'] as const;
    const types: Y.AbstractType<Y.YEvent<never>>[] = roots.map((name) =>
      name === 'trust' || name === 'checkins' || name === 'reviews' ? this.doc.getArray(name) : this.doc.getMap(name),
    ) as unknown as Y.AbstractType<Y.YEvent<never>>[];
    types.push(this.charter() as unknown as Y.AbstractType<Y.YEvent<never>>);
    const handler = () => callback();
    for (const type of types) type.observeDeep(handler);
    return () => {
      for (const type of types) type.unobserveDeep(handler);
    };
  }

  // ---------------------------------------------------------------- meta

  updateMeta(patch: Partial<Pick<AllianceMeta, 'name' | 'purpose' | 'mode' | 'kind' | 'expectedEndAt' | 'reviewCadenceMonths'>>): void {
    this.write(() => {
      const changes = readPatch<AllianceMeta>(patch, metaSpec, ['name', 'purpose', 'mode', 'kind', 'expectedEndAt', 'reviewCadenceMonths']);
      const map = this.metaMap();
      for (const [key, value] of Object.entries(changes)) map.set(key, value);
    });
  }

  // ---------------------------------------------------------------- partners

  addPartner(input: NewPartner): Partner {
    return this.write(() => {
      const existing = this.partners.list();
      const count = existing.length;
      // Partners added in one moment (a new alliance) keep the order they were given in.
      const joinedAt = Math.max(this.now(), ...existing.map((p) => p.joinedAt + 1));
      if (count >= LIMITS.partners) throw new DocumentError('not-allowed', `An alliance has at most ${LIMITS.partners} partners`);
      const fields = readInput<Fields<Partner>>(
        { ...pickKnown(input, ['name', 'votingWeight', 'minorityProtected', 'color']), status: 'active', joinedAt },
        partnerSpec,
        {
          votingWeight: 1,
          minorityProtected: false,
          color: PARTNER_COLORS[count % PARTNER_COLORS.length]!,
          exitNoticeAt: null,
          exitEffectiveAt: null,
        },
        'partner',
      );
      return this.partners.insert(this.newId(), fields);
    });
  }

  updatePartner(id: string, patch: Partial<Pick<Partner, 'name' | 'votingWeight' | 'minorityProtected' | 'color'>>): void {
    this.write(() => {
      this.partners.update(id, patch, ['name', 'votingWeight', 'minorityProtected', 'color']);
    });
  }

  /** Removes a partner and what is only theirs (interests and the links touching them). */
  removePartner(id: string): void {
    this.write(() => {
      this.partners.remove(id);
      for (const interest of this.interests.list()) if (interest.partnerId === id) this.removeInterestAndLinks(interest.id);
    });
  }

  /** Starts a partner's exit: status exiting from the notice date; exited once the effective date has passed. */
  startExit(partnerId: string, dates: { noticeAt?: number; effectiveAt: number }): void {
    this.write(() => {
      this.partners.require(partnerId);
      const noticeAt = millis(dates.noticeAt ?? this.now(), 'noticeAt');
      const effectiveAt = millis(dates.effectiveAt, 'effectiveAt');
      if (effectiveAt < noticeAt) throw new DocumentError('invalid-field', 'The exit cannot take effect before notice is given', 'effectiveAt');
      this.partners.set(partnerId, 'status', effectiveAt <= this.now() ? 'exited' : 'exiting');
      this.partners.set(partnerId, 'exitNoticeAt', noticeAt);
      this.partners.set(partnerId, 'exitEffectiveAt', effectiveAt);
    });
  }

  /** Marks as exited the partners whose exit has taken effect; returns their ids. */
  completeDueExits(): string[] {
    const now = this.now();
    const due = this.partners
      .list()
      .filter((p) => p.status === 'exiting' && p.exitEffectiveAt !== null && p.exitEffectiveAt <= now);
    if (due.length > 0 && this.readOnlyReason() === null) {
      this.doc.transact(() => {
        for (const partner of due) this.partners.set(partner.id, 'status', 'exited');
      });
    }
    return due.map((p) => p.id);
  }

  // ---------------------------------------------------------------- interest map

  addInterest(input: Pick<Interest, 'partnerId' | 'kind' | 'layer' | 'text'> & { priority?: number }): Interest {
    return this.write(() => {
      const fields = readInput<Fields<Interest>>(
        pickKnown(input, ['partnerId', 'kind', 'layer', 'text', 'priority']),
        interestSpec,
        { priority: 2 },
        'interest',
      );
      this.partners.require(fields.partnerId);
      return this.interests.insert(this.newId(), fields);
    });
  }

  updateInterest(id: string, patch: Partial<Pick<Interest, 'kind' | 'layer' | 'text' | 'priority'>>): void {
    this.write(() => {
      this.interests.update(id, patch, ['kind', 'layer', 'text', 'priority']);
    });
  }

  removeInterest(id: string): void {
    this.write(() => {
      this.interests.require(id);
      this.removeInterestAndLinks(id);
    });
  }

  linkInterests(input: Pick<AlignmentLink, 'fromInterestId' | 'toInterestId' | 'relation'> & { note?: string }): AlignmentLink {
    return this.write(() => {
      const fields = readInput<Fields<AlignmentLink>>(
        pickKnown(input, ['fromInterestId', 'toInterestId', 'relation', 'note']),
        alignmentSpec,
        { note: '', resolution: '' },
        'link',
      );
      if (fields.fromInterestId === fields.toInterestId) {
        throw new DocumentError('invalid-field', 'An interest cannot be linked to itself', 'toInterestId');
      }
      this.interests.require(fields.fromInterestId);
      this.interests.require(fields.toInterestId);
      return this.alignment.insert(this.newId(), fields);
    });
  }

  updateLink(id: string, patch: Partial<Pick<AlignmentLink, 'relation' | 'note' | 'resolution'>>): void {
    this.write(() => {
      this.alignment.update(id, patch, ['relation', 'note', 'resolution']);
    });
  }

  removeLink(id: string): void {
    this.write(() => this.alignment.remove(id));
  }

  // ---------------------------------------------------------------- trust account

  recordTrust(input: { by: string; partnerId: string; toward?: string | null; kind: TrustKind; points?: number; note?: string }): TrustEntry {
    return this.write(() => {
      const kind = trustSpec.kind(input.kind, 'kind');
      const deposit = isDeposit(kind);
      const points = input.points ?? DEFAULT_TRUST_POINTS[kind];
      const entry = readInput<TrustEntry>(
        { ...pickKnown(input, ['by', 'partnerId', 'toward', 'note']), kind, points, id: this.newId(), at: this.now(), commitmentId: null },
        trustSpec,
        { toward: null, note: '' },
        'trust entry',
      );
      if (deposit ? entry.points < 0 : entry.points > 0) {
        throw new DocumentError('invalid-field', deposit ? 'A deposit adds points' : 'A withdrawal takes points away', 'points');
      }
      this.partners.require(entry.partnerId);
      if (entry.toward !== null) this.partners.require(entry.toward);
      return this.trust.append(entry);
    });
  }

  // ---------------------------------------------------------------- commitments

  addCommitment(input: Pick<Commitment, 'partnerId' | 'text' | 'dueAt'>): Commitment {
    return this.write(() => {
      const fields = readInput<Fields<Commitment>>(
        { ...pickKnown(input, ['partnerId', 'text', 'dueAt']), createdAt: this.now(), status: 'open', resolvedAt: null },
        commitmentSpec,
        {},
        'commitment',
      );
      this.partners.require(fields.partnerId);
      return this.commitments.insert(this.newId(), fields);
    });
  }

  updateCommitment(id: string, patch: Partial<Pick<Commitment, 'text' | 'dueAt'>>): void {
    this.write(() => {
      this.commitments.update(id, patch, ['text', 'dueAt']);
    });
  }

  /** Closes a commitment; delivering or missing it records the matching trust entry in the same transaction. */
  resolveCommitment(id: string, status: 'delivered' | 'missed' | 'cancelled', by: string): void {
    this.write(() => {
      const commitment = this.commitments.get(id);
      if (!commitment) throw new DocumentError('unknown-record', `No commitment with id ${id}`, 'id');
      const outcome = oneOf(['delivered', 'missed', 'cancelled'] as const)(status, 'status');
      if (commitment.status !== 'open') {
        throw new DocumentError('not-allowed', `This commitment is already ${commitment.status}`, 'status');
      }
      const at = this.now();
      this.commitments.set(id, 'status', outcome);
      this.commitments.set(id, 'resolvedAt', at);
      if (outcome !== 'cancelled') {
        const entry = trustEntryForCommitment(commitment, outcome, { at, by: text(LIMITS.name)(by, 'by') });
        this.trust.append({ ...entry, id: this.newId() });
      }
    });
  }

  // ---------------------------------------------------------------- check-ins

  recordCheckIn(input: Pick<CheckIn, 'partnerId' | 'by' | 'scores'> & { note?: string }): CheckIn {
    return this.write(() => {
      const entry = readInput<CheckIn>(
        { ...pickKnown(input, ['partnerId', 'by', 'scores', 'note']), id: this.newId(), at: this.now() },
        { ...checkInSpec, scores: scoresField },
        { note: '' },
        'check-in',
      );
      this.partners.require(entry.partnerId);
      return this.checkins.append(entry);
    });
  }

  // ---------------------------------------------------------------- governance

  updateGovernance(patch: Partial<Governance>): void {
    this.write(() => {
      const map = this.doc.getMap('governance');
      const source = (typeof patch === 'object' && patch !== null ? patch : {}) as Record<string, unknown>;
      if (Object.prototype.hasOwnProperty.call(source, 'rules') && source['rules'] !== undefined) {
        const rules = source['rules'];
        if (typeof rules !== 'object' || rules === null) throw new DocumentError('invalid-field', 'rules must be an object', 'rules');
        for (const category of DECISION_CATEGORIES) {
          const rule = (rules as Record<string, unknown>)[category];
          if (rule !== undefined) map.set(ruleKey(category), ruleField(rule, `rules.${category}`));
        }
      }
      const changes = readPatch(source, governanceSpec, ['quorum', 'leadPartnerId', 'operationalTimeLimitDays', 'steeringTimeLimitDays', 'vetoCategories']);
      if (changes.leadPartnerId) this.partners.require(changes.leadPartnerId);
      for (const [key, value] of Object.entries(changes)) map.set(key, value);
    });
  }

  // ---------------------------------------------------------------- decisions

  proposeDecision(input: Pick<Decision, 'title' | 'category' | 'deadline' | 'createdBy'> & Partial<Pick<Decision, 'body' | 'level'>>): Decision {
    return this.write(() => {
      const fields = readInput<DecisionFields>(
        {
          ...pickKnown(input, ['title', 'body', 'category', 'level', 'deadline', 'createdBy']),
          status: 'open',
          openedAt: this.now(),
          outcome: null,
          escalatedAt: null,
          escalationReason: '',
        },
        decisionSpec,
        { body: '', level: 'operational' },
        'decision',
      );
      const id = this.newId();
      this.decisions.insert(id, fields);
      const record = this.decisions.require(id);
      record.set('votes', new Y.Map());
      record.set('comments', new Y.Array());
      return this.readDecision({ id, ...fields });
    });
  }

  /** One key per partner in the votes map, so partners voting at once (or offline) all count. */
  castVote(decisionId: string, partnerId: string, choice: VoteChoice, by: string): void {
    this.write(() => {
      const decision = this.decisions.get(decisionId);
      if (!decision) throw new DocumentError('unknown-record', `No decision with id ${decisionId}`, 'decisionId');
      const partner = this.partners.get(partnerId);
      if (!partner) throw new DocumentError('unknown-record', `No partner with id ${partnerId}`, 'partnerId');
      if (partner.status === 'exited') throw new DocumentError('not-allowed', `${partner.name} has left the alliance and no longer votes`, 'partnerId');
      if (decision.status === 'decided' || decision.status === 'withdrawn') {
        throw new DocumentError('not-allowed', `This decision is already ${decision.status}`, 'decisionId');
      }
      const vote = readInput<Vote>({ choice, by, at: this.now() }, voteSpec, {}, 'vote');
      if (vote.choice === 'veto') {
        const governance = this.governance();
        if (!partner.minorityProtected || !governance.vetoCategories.includes(decision.category)) {
          throw new DocumentError('not-allowed', `${partner.name} may not veto ${decision.category} decisions under the charter's rules`, 'choice');
        }
      }
      this.votesMap(decisionId).set(partnerId, vote);
    });
  }

  commentOnDecision(decisionId: string, input: { by: string; partnerId?: string | null; text: string }): DecisionComment {
    return this.write(() => {
      const record = this.decisions.require(decisionId);
      const comment = readInput<DecisionComment>(
        { ...pickKnown(input, ['by', 'partnerId', 'text']), id: this.newId(), at: this.now() },
        commentSpec,
        { partnerId: null },
        'comment',
      );
      let comments = record.get('comments');
      if (!(comments instanceof Y.Array)) {
        comments = new Y.Array();
        record.set('comments', comments);
      }
      (comments as Y.Array<unknown>).push([comment]);
      return comment;
    });
  }

  /** Moves an operational decision to the steering committee. */
  escalateDecision(decisionId: string, reason: string): void {
    this.write(() => {
      const decision = this.decisions.get(decisionId);
      if (!decision) throw new DocumentError('unknown-record', `No decision with id ${decisionId}`, 'decisionId');
      if (decision.level === 'steering') return;
      if (decision.status !== 'open') throw new DocumentError('not-allowed', `This decision is already ${decision.status}`, 'decisionId');
      const at = this.now();
      const steeringDays = this.governance().steeringTimeLimitDays;
      this.decisions.set(decisionId, 'level', 'steering');
      this.decisions.set(decisionId, 'status', 'escalated');
      this.decisions.set(decisionId, 'escalatedAt', at);
      this.decisions.set(decisionId, 'escalationReason', text(LIMITS.shortText)(reason, 'reason'));
      this.decisions.set(decisionId, 'deadline', Math.max(decision.deadline, at + steeringDays * DAY_MS));
    });
  }

  recordOutcome(decisionId: string, outcome: DecisionOutcome): void {
    this.write(() => {
      this.decisions.require(decisionId);
      this.decisions.set(decisionId, 'outcome', decisionSpec.outcome(outcome, 'outcome'));
      this.decisions.set(decisionId, 'status', 'decided');
    });
  }

  withdrawDecision(decisionId: string): void {
    this.write(() => {
      this.decisions.require(decisionId);
      this.decisions.set(decisionId, 'status', 'withdrawn');
    });
  }

  // ---------------------------------------------------------------- realignment

  recordReview(input: Pick<Review, 'by' | 'fit'> & Partial<Pick<Review, 'notes' | 'agreedChanges'>>): Review {
    return this.write(() => {
      const review = readInput<Review>(
        { ...pickKnown(input, ['by', 'fit', 'notes', 'agreedChanges']), id: this.newId(), at: this.now() },
        reviewSpec,
        { notes: '', agreedChanges: '' },
        'review',
      );
      for (const partnerId of Object.keys(review.fit)) this.partners.require(partnerId);
      return this.reviews.append({ ...review, fit: { ...review.fit } });
    });
  }

  // ---------------------------------------------------------------- exit plan

  updateExitPlan(patch: Partial<Omit<ExitPlan, 'assets'>>): void {
    this.write(() => {
      const changes = readPatch(patch, exitPlanSpec, ['noticePeriodDays', 'nonDisparagement', 'forceMajeure']);
      const map = this.doc.getMap('exitPlan');
      for (const [key, value] of Object.entries(changes)) map.set(key, value);
    });
  }

  addAsset(input: Omit<SharedAsset, 'id'>): SharedAsset {
    return this.write(() => {
      const fields = readInput<Fields<SharedAsset>>(pickKnown(input, ['name', 'holder', 'split']), assetSpec, { holder: '', split: '' }, 'asset');
      let collection = this.assetCollection();
      if (!collection) {
        this.doc.getMap('exitPlan').set('assets', new Y.Map());
        collection = this.assetCollection()!;
      }
      return collection.insert(this.newId(), fields);
    });
  }

  updateAsset(id: string, patch: Partial<Omit<SharedAsset, 'id'>>): void {
    this.write(() => {
      this.requireAssets().update(id, patch, ['name', 'holder', 'split']);
    });
  }

  removeAsset(id: string): void {
    this.write(() => this.requireAssets().remove(id));
  }

  // ---------------------------------------------------------------- charter

  /** Writes the starting charter for the mode, only into an empty charter (never over the partners' text). */
  applyCharterTemplate(mode: AllianceMode): boolean {
    return this.write(() => {
      const fragment = this.charter();
      if (charterBlocks(fragment).some((block) => block.text.trim().length > 0)) return false;
      if (fragment.length > 0) fragment.delete(0, fragment.length);
      appendCharterBlocks(fragment, charterTemplate(mode));
      return true;
    });
  }

  // ---------------------------------------------------------------- internals

  private write<T>(change: () => T): T {
    const reason = this.readOnlyReason();
    if (reason) throw new DocumentError('read-only', reason);
    let result!: T;
    this.doc.transact(() => {
      result = change();
    });
    return result;
  }

  private newId(): string {
    return newRecordId(this.random);
  }

  private metaMap(): Y.Map<unknown> {
    return this.doc.getMap('meta');
  }

  private votesMap(decisionId: string): Y.Map<unknown> {
    const record = this.decisions.require(decisionId);
    let votes = record.get('votes');
    if (!(votes instanceof Y.Map)) {
      votes = new Y.Map();
      record.set('votes', votes);
    }
    return votes as Y.Map<unknown>;
  }

  private readDecision(fields: DecisionFields & { id: string }): Decision {
    const record = this.decisions.require(fields.id);
    const votes: Record<string, Vote> = {};
    const votesMap = record.get('votes');
    if (votesMap instanceof Y.Map) {
      // Sorted: a Y.Map's iteration order is each replica's insertion order, and peers must read the same.
      for (const [partnerId, raw] of [...votesMap.entries()].sort(([a], [b]) => compareText(a, b))) {
        if (partnerId === '__proto__' || partnerId === 'constructor' || partnerId === 'prototype') continue;
        // The contract allows a bare choice string too (partnerId -> yes / no / abstain / veto).
        const value = typeof raw === 'string' ? { choice: raw, at: fields.openedAt, by: '' } : raw;
        try {
          votes[partnerId] = readInput<Vote>(value, voteSpec, {}, 'vote');
        } catch {
          // A malformed vote from another peer does not count.
        }
      }
    }
    const comments: DecisionComment[] = [];
    const commentsArray = record.get('comments');
    if (commentsArray instanceof Y.Array) {
      for (const raw of commentsArray.toArray()) {
        try {
          comments.push(readInput<DecisionComment>(raw, commentSpec, {}, 'comment'));
        } catch {
          // Skipped, as above.
        }
      }
    }
    return { ...fields, votes, comments: comments.sort((a, b) => a.at - b.at) };
  }

  private assetCollection(): RecordCollection<Fields<SharedAsset>> | null {
    const assets = this.doc.getMap('exitPlan').get('assets');
    return assets instanceof Y.Map ? new RecordCollection(assets as Y.Map<unknown>, assetSpec, DEFAULT_ASSET, 'asset') : null;
  }

  private requireAssets(): RecordCollection<Fields<SharedAsset>> {
    const assets = this.assetCollection();
    if (!assets) throw new DocumentError('unknown-record', 'This alliance has no shared assets yet', 'id');
    return assets;
  }

  private removeInterestAndLinks(interestId: string): void {
    this.interests.remove(interestId);
    for (const link of this.alignment.list()) {
      if (link.fromInterestId === interestId || link.toInterestId === interestId) this.alignment.remove(link.id);
    }
  }
}

function ruleKey(category: DecisionCategory): string {
  return `${category}Rule`;
}

/** Copies only the named own properties of an untrusted object (never its prototype chain). */
function pickKnown<K extends string>(input: unknown, keys: readonly K[]): Partial<Record<K, unknown>> {
  const out: Partial<Record<K, unknown>> = {};
  if (typeof input !== 'object' || input === null) return out;
  for (const key of keys) {
    if (Object.prototype.hasOwnProperty.call(input, key)) out[key] = (input as Record<string, unknown>)[key];
  }
  return out;
}
