// Over 400 lines on purpose: the document's one writer names every write and read in one place; each is a line or
// two that hands over to its aggregate's module.
import type * as Y from 'yjs';
import { secureRandomBytes, type RandomBytes } from '../ids.ts';
import type {
  AllianceKind,
  AllianceMeta,
  AllianceMode,
  AllianceSnapshot,
  AlignmentLink,
  CharterComment,
  CharterThread,
  CharterVersionSummary,
  CheckIn,
  Commitment,
  Decision,
  DecisionComment,
  DecisionOutcome,
  ExitPlan,
  Governance,
  Interest,
  Partner,
  Review,
  ReviewCadence,
  SharedAsset,
  TrustEntry,
  VoteChoice,
} from '../schema.ts';
import { CHARTER_ROOT_NAME, LOG_ROOT_NAMES, MAP_ROOT_NAMES } from '../schema.ts';
import { effectiveTrustEntries } from '../method/trust.ts';
import { withMarks } from '../method/commitments.ts';
import { compareText } from '../method/order.ts';
import { applyCharterTemplate, charterBlocks, plainText } from './charter.ts';
import { listCharterVersions, readCharterVersion, removeCharterVersion, takeCharterVersion, type CharterVersion, type NewCharterVersion } from './charterHistory.ts';
import { recordCheckIn, recordReview, type NewCheckIn, type NewReview } from './checkInsAndReviews.ts';
import { addCommitment, resolveCommitment, updateCommitment, type CommitmentChanges, type NewCommitment, type Resolution } from './commitments.ts';
import { castVote, commentOnDecision, proposeDecision, readDecision, recordOutcome, reopenDecision, rewordDecision, withdrawDecision, type DecisionWording, type NewComment, type NewDecision } from './decisions.ts';
import { applyPassedDecision, proposeChange, type NewChangeProposal } from './constitution.ts';
import { charterDrift, listCharterRatifications, readCharterRatification, type CharterRatification } from './charterRatification.ts';
import type { Drift } from '../method/ratification.ts';
import { DocumentError } from './documentError.ts';
import { escalateDecision } from './escalation.ts';
import { addAsset, readExitPlan, removeAsset, updateAsset, updateExitPlan, writeDefaultExitPlan, type AssetChanges, type ExitPlanChanges } from './exitPlan.ts';
import { readGovernance, updateGovernance, writeDefaultGovernance } from './governanceSettings.ts';
import {
  addInterest,
  linkInterests,
  removeInterest,
  removeLink,
  updateInterest,
  updateLink,
  visibleInterestMap,
  type InterestChanges,
  type LinkChanges,
  type NewInterest,
  type NewLink,
} from './interests.ts';
import { isInitialised, readMeta, readOnlyReason, updateMeta, writeNewMeta, type MetaChanges } from './meta.ts';
import { addPartner, dueExits, markExited, removePartner, startExit, updatePartner, type NewPartner, type PartnerChanges } from './partners.ts';
import { openRecords, type Records } from './records.ts';
import { snapshotParts } from './snapshotParts.ts';
import { recordTrust, type NewTrustEntry } from './trustAccount.ts';
import { deleteComment, editComment, openThread, reply, resolveThread, type CommentAuthor, type NewThread } from './charterComments.ts';

import type { AuthorityView } from '../authority/rules.ts';

export type { NewPartner } from './partners.ts';

export interface DocumentOptions {
  now?: () => number;
  random?: RandomBytes;
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


/**
 * Typed access to one alliance's Y.Doc (schema v1), the only writer of it. Every write validates its input and
 * runs in one transaction; this class only names the writes and reads: each aggregate keeps its rules in its own
 * module (partners.ts, interests.ts, trustAccount.ts, commitments.ts, decisions.ts, escalation.ts,
 * governanceSettings.ts, checkInsAndReviews.ts, exitPlan.ts, charter.ts, meta.ts).
 */
export class AllianceDocument {
  private readonly records: Records;

  constructor(
    readonly doc: Y.Doc,
    options: DocumentOptions = {},
  ) {
    this.records = openRecords(doc, options.now ?? (() => Date.now()), options.random ?? secureRandomBytes);
  }

  get partners(): Records['partners'] {
    return this.records.partners;
  }
  get interests(): Records['interests'] {
    return this.records.interests;
  }
  get alignment(): Records['alignment'] {
    return this.records.alignment;
  }
  get commitments(): Records['commitments'] {
    return this.records.commitments;
  }
  get decisions(): Records['decisions'] {
    return this.records.decisions;
  }

  /** Writes a new alliance's meta, partners, rules and (optionally) its starting charter (DOC-1, DOC-2). */
  static create(doc: Y.Doc, init: NewAlliance, options: DocumentOptions = {}): AllianceDocument {
    const alliance = new AllianceDocument(doc, options);
    const records = alliance.records;
    doc.transact(() => {
      const meta = writeNewMeta(records, init);
      writeDefaultGovernance(records);
      writeDefaultExitPlan(records);
      for (const partner of init.partners ?? []) alliance.addPartner(partner);
      if (init.withCharterTemplate) alliance.applyCharterTemplate(meta.mode);
    });
    return alliance;
  }

  // ---------------------------------------------------------------- reading

  readOnlyReason(): string | null {
    return readOnlyReason(this.records);
  }

  isInitialised(): boolean {
    return isInitialised(this.records);
  }

  meta(): AllianceMeta {
    return readMeta(this.records);
  }

  governance(): Governance {
    return readGovernance(this.records);
  }

  exitPlan(): ExitPlan {
    return readExitPlan(this.records);
  }

  decision(id: string): Decision | null {
    const fields = this.records.decisions.get(id);
    return fields ? readDecision(this.records, fields) : null;
  }

  /**
   * A plain, typed picture of the whole alliance, for derived values and rendering. Each part is built again only
   * when a root it reads has changed (`snapshotParts`); the others are the same, frozen, as in the last snapshot.
   */
  snapshot(): AllianceSnapshot {
    const records = this.records;
    const parts = snapshotParts(this.doc);
    const part = <T>(name: string, roots: readonly string[], compute: () => T): T => parts.part(name, roots, compute);
    const byTime = <T extends { at: number }>(list: T[]) => list.sort((a, b) => a.at - b.at);
    const partners = part('partners', ['partners'], () => records.partners.list().sort((a, b) => a.joinedAt - b.joinedAt || compareText(a.name, b.name)));
    const interestMap = part('interestMap', ['interests', 'alignment', 'partners'], () => visibleInterestMap(records, new Set(partners.map((p) => p.id))));
    const commitments = part('commitments', ['commitments', 'trust'], () => withMarks(records.commitments.list(), records.trust.list()).sort((a, b) => a.dueAt - b.dueAt));
    return {
      meta: part('meta', ['meta'], () => this.meta()),
      partners,
      interests: interestMap.interests,
      alignment: interestMap.alignment,
      charter: part('charter', [CHARTER_ROOT_NAME], () => charterBlocks(this.charter(), (block) => parts.entryPart(block, () => plainText(block)))),
      trust: part('trust', ['trust', 'commitments'], () => byTime(effectiveTrustEntries(records.trust.list(), commitments))),
      commitments,
      checkins: part('checkins', ['checkins'], () => byTime(records.checkins.list())),
      governance: part('governance', ['governance'], () => this.governance()),
      decisions: part('decisions', ['decisions'], () =>
        records.decisions
          .list()
          .map((fields) => readDecision(records, fields))
          .sort((a, b) => b.openedAt - a.openedAt),
      ),
      reviews: part('reviews', ['reviews'], () => byTime(records.reviews.list())),
      exitPlan: part('exitPlan', ['exitPlan'], () => this.exitPlan()),
      charterThreads: part('charterThreads', ['charterThreads'], () => records.charterThreads.list().sort((a, b) => a.openedAt - b.openedAt || compareText(a.id, b.id))),
      charterComments: part('charterComments', ['charterComments'], () => byTime(records.charterComments.list())),
      charterVersions: part('charterVersions', ['charterVersions'], () => listCharterVersions(records)),
      charterRatifications: part('charterRatifications', ['charterRatifications'], () => listCharterRatifications(records)),
    };
  }

  /**
   * What the authority check reads (`AuthorityView`), without the charter, the logs or any sorting: the relay
   * builds it before an update that writes outside the charter. Every record the document holds is in it (an
   * interest of a removed partner too), so a field write to a stored record is never taken for a new record's.
   */
  authorityView(): AuthorityView {
    const records = this.records;
    return {
      partners: records.partners.list(),
      interests: records.interests.list(),
      alignment: records.alignment.list(),
      commitments: records.commitments.list(),
      decisions: records.decisions.list().map((fields) => readDecision(records, fields)),
      governance: this.governance(),
      charterThreads: records.charterThreads.list(),
      charterComments: records.charterComments.list(),
      charterVersions: listCharterVersions(records),
      charterRatifications: listCharterRatifications(records),
    };
  }

  /** One ratification of the charter with the text it ratified, or null (RAT-2). */
  charterRatification(decisionId: string): CharterRatification | null {
    return readCharterRatification(this.records, decisionId);
  }

  /** The latest ratification and the live charter's drift from it, or null when none is recorded (RAT-4). */
  charterDrift(): { ratification: CharterRatification; drift: Drift } | null {
    return charterDrift(this.records, this.charter());
  }

  /** One version of the charter with its text, or null when it is gone or not whole (HIST-3). */
  charterVersion(id: string): CharterVersion | null {
    return readCharterVersion(this.records, id);
  }

  /** The charter root, for Tiptap's Collaboration extension. */
  charter(): Y.XmlFragment {
    return this.doc.getXmlFragment(CHARTER_ROOT_NAME);
  }

  /** Calls back after every change, local or remote; returns the unsubscribe function. */
  onChange(callback: () => void): () => void {
    const types: Y.AbstractType<Y.YEvent<never>>[] = [
      ...MAP_ROOT_NAMES.map((name) => this.doc.getMap(name)),
      ...LOG_ROOT_NAMES.map((name) => this.doc.getArray(name)),
      this.charter(),
    ] as unknown as Y.AbstractType<Y.YEvent<never>>[];
    const handler = () => callback();
    for (const type of types) type.observeDeep(handler);
    return () => {
      for (const type of types) type.unobserveDeep(handler);
    };
  }

  // ---------------------------------------------------------------- writing, by aggregate

  updateMeta(patch: MetaChanges): void {
    this.write(() => updateMeta(this.records, patch));
  }

  addPartner(input: NewPartner): Partner {
    return this.write(() => addPartner(this.records, input));
  }
  updatePartner(id: string, patch: PartnerChanges): void {
    this.write(() => updatePartner(this.records, id, patch));
  }
  removePartner(id: string): void {
    this.write(() => removePartner(this.records, id));
  }
  startExit(partnerId: string, dates: { noticeAt?: number; effectiveAt: number }): void {
    this.write(() => startExit(this.records, partnerId, dates));
  }
  /** Marks as exited the partners whose exit has taken effect; returns their ids (on a read-only copy, without writing). */
  completeDueExits(): string[] {
    const due = dueExits(this.records);
    if (due.length > 0 && this.readOnlyReason() === null) this.doc.transact(() => markExited(this.records, due));
    return due.map((p) => p.id);
  }

  addInterest(input: NewInterest): Interest {
    return this.write(() => addInterest(this.records, input));
  }
  updateInterest(id: string, patch: InterestChanges): void {
    this.write(() => updateInterest(this.records, id, patch));
  }
  removeInterest(id: string): void {
    this.write(() => removeInterest(this.records, id));
  }
  linkInterests(input: NewLink): AlignmentLink {
    return this.write(() => linkInterests(this.records, input));
  }
  updateLink(id: string, patch: LinkChanges): void {
    this.write(() => updateLink(this.records, id, patch));
  }
  removeLink(id: string): void {
    this.write(() => removeLink(this.records, id));
  }

  recordTrust(input: NewTrustEntry): TrustEntry {
    return this.write(() => recordTrust(this.records, input));
  }

  addCommitment(input: NewCommitment): Commitment {
    return this.write(() => addCommitment(this.records, input));
  }
  updateCommitment(id: string, patch: CommitmentChanges): void {
    this.write(() => updateCommitment(this.records, id, patch));
  }
  resolveCommitment(id: string, status: Resolution, by: string, recordedBy: string | null = null): void {
    this.write(() => resolveCommitment(this.records, id, status, by, recordedBy));
  }

  recordCheckIn(input: NewCheckIn): CheckIn {
    return this.write(() => recordCheckIn(this.records, input));
  }
  recordReview(input: NewReview): Review {
    return this.write(() => recordReview(this.records, input));
  }

  updateGovernance(patch: Partial<Governance>): void {
    this.write(() => updateGovernance(this.records, patch));
  }

  proposeDecision(input: NewDecision): Decision {
    return this.write(() => proposeDecision(this.records, input));
  }
  castVote(decisionId: string, partnerId: string, choice: VoteChoice, by: string): void {
    this.write(() => castVote(this.records, decisionId, partnerId, choice, by));
  }
  commentOnDecision(decisionId: string, input: NewComment): DecisionComment {
    return this.write(() => commentOnDecision(this.records, decisionId, input));
  }
  escalateDecision(decisionId: string, reason: string): void {
    this.write(() => escalateDecision(this.records, decisionId, reason));
  }
  recordOutcome(decisionId: string, outcome: DecisionOutcome): void {
    this.write(() => recordOutcome(this.records, decisionId, outcome));
  }
  withdrawDecision(decisionId: string): void {
    this.write(() => withdrawDecision(this.records, decisionId));
  }
  reopenDecision(decisionId: string): void {
    this.write(() => reopenDecision(this.records, decisionId));
  }
  rewordDecision(decisionId: string, patch: DecisionWording): void {
    this.write(() => rewordDecision(this.records, decisionId, patch));
  }
  /** Opens a decision that changes the constitution when it passes (CHG-1). */
  proposeChange(input: NewChangeProposal): Decision {
    return this.write(() => proposeChange(this.records, input));
  }
  /** Writes a passed decision's change, outcome and `appliedAt` in one transaction (CHG-3). */
  applyPassedDecision(decisionId: string, now: number = this.records.now()): void {
    this.write(() => applyPassedDecision(this.records, decisionId, now));
  }

  updateExitPlan(patch: ExitPlanChanges): void {
    this.write(() => updateExitPlan(this.records, patch));
  }
  addAsset(input: Omit<SharedAsset, 'id'>): SharedAsset {
    return this.write(() => addAsset(this.records, input));
  }
  updateAsset(id: string, patch: AssetChanges): void {
    this.write(() => updateAsset(this.records, id, patch));
  }
  removeAsset(id: string): void {
    this.write(() => removeAsset(this.records, id));
  }

  /** Opens a comment thread on a passage of the charter, with its first comment (CMT-1). */
  openCharterThread(input: NewThread): { thread: CharterThread; comment: CharterComment } {
    return this.write(() => openThread(this.records, input));
  }
  replyOnCharter(threadId: string, input: CommentAuthor & { text: string }): CharterComment {
    return this.write(() => reply(this.records, threadId, input));
  }
  /** Its author's own comment only (CMT-4). */
  editCharterComment(commentId: string, author: Pick<CommentAuthor, 'partnerId'>, text: string): void {
    this.write(() => editComment(this.records, commentId, author, text));
  }
  deleteCharterComment(commentId: string, author: Pick<CommentAuthor, 'partnerId'>): void {
    this.write(() => deleteComment(this.records, commentId, author));
  }
  /** Resolves (true) or reopens (false) a thread (CMT-5). */
  resolveCharterThread(threadId: string, resolved: boolean, by: string): void {
    this.write(() => resolveThread(this.records, threadId, resolved, by));
  }

  applyCharterTemplate(mode: AllianceMode): boolean {
    return this.write(() => applyCharterTemplate(this.charter(), mode));
  }

  /** Keeps the charter as it is now in its history; an automatic version only when the text changed (HIST-3). */
  takeCharterVersion(input: NewCharterVersion): CharterVersionSummary | null {
    return this.write(() => takeCharterVersion(this.records, this.charter(), input));
  }

  /** Removes a version from the charter's history (HIST-4). */
  removeCharterVersion(id: string): void {
    this.write(() => removeCharterVersion(this.records, id));
  }

  /** Runs a change in one transaction; a document written by a newer schema refuses every change (VER-1). */
  private write<T>(change: () => T): T {
    const reason = this.readOnlyReason();
    if (reason) throw new DocumentError('read-only', reason);
    let result!: T;
    this.doc.transact(() => {
      result = change();
    });
    return result;
  }
}
