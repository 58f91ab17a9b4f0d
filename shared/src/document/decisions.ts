/** Decisions: proposed, voted on one key per partner, commented, closed (DEC-1, DEC-2, DEC-4, DEC-5). */
import * as Y from 'yjs';
import { compareText } from '../method/order.ts';
import { DECISION, DECISION_COMMENT, VOTE, type Decision, type DecisionComment, type DecisionFields, type DecisionOutcome, type Vote, type VoteChoice } from '../schema.ts';
import { DocumentError } from './documentError.ts';
import { readEntry, readInput } from './fields.ts';
import { readGovernance } from './governanceSettings.ts';
import { wordingOf } from '../method/wording.ts';
import { finalOutcome, reopenedStatus } from '../method/constitution.ts';
import { pickKnown, type Records } from './records.ts';

export type NewDecision = Pick<Decision, 'title' | 'category' | 'deadline' | 'createdBy'> & Partial<Pick<Decision, 'body' | 'level' | 'proposerId' | 'change'>>;
export type NewComment = { by: string; partnerId?: string | null; text: string };

const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function proposeDecision(records: Records, input: NewDecision): Decision {
  const fields = readInput(
    {
      ...pickKnown(input, ['title', 'body', 'category', 'level', 'deadline', 'createdBy', 'proposerId', 'change']),
      status: 'open',
      openedAt: records.now(),
      outcome: null,
      escalatedAt: null,
      escalationReason: '',
      appliedAt: null,
      withdrawnAt: null,
    },
    DECISION,
    // Stryker disable next-line StringLiteral: readInput names the input only when it is not an object, and this is one
    'decision',
  );
  if (fields.proposerId !== null) records.partners.require(fields.proposerId);
  const id = records.newId();
  records.decisions.insert(id, fields);
  const record = records.decisions.require(id);
  record.set('votes', new Y.Map());
  record.set('comments', new Y.Array());
  return readDecision(records, { id, ...fields });
}

/** One key per partner in the votes map, so partners voting at once (or offline) all count. */
export function castVote(records: Records, decisionId: string, partnerId: string, choice: VoteChoice, by: string): void {
  const decision = records.decisions.get(decisionId);
  if (!decision) throw new DocumentError('unknown-record', `No decision with id ${decisionId}`, 'decisionId');
  const partner = records.partners.get(partnerId);
  if (!partner) throw new DocumentError('unknown-record', `No partner with id ${partnerId}`, 'partnerId');
  if (partner.status === 'exited') throw new DocumentError('not-allowed', `${partner.name} has left the alliance and no longer votes`, 'partnerId');
  const status = statusOf(decision);
  if (status === 'decided' || status === 'withdrawn') {
    throw new DocumentError('not-allowed', `This decision is already ${status}`, 'decisionId');
  }
  // The vote answers the wording this copy shows (GOV-13): a reword made meanwhile elsewhere leaves it uncounted.
  // Stryker disable next-line StringLiteral: readInput names the input only when it is not an object, and this is one
  const vote = readInput({ choice, by, at: records.now(), on: wordingOf(decision) }, VOTE, 'vote');
  if (vote.choice === 'veto') {
    const governance = readGovernance(records);
    if (!partner.minorityProtected || !governance.vetoCategories.includes(decision.category)) {
      throw new DocumentError('not-allowed', `${partner.name} may not veto ${decision.category} decisions under the charter's rules`, 'choice');
    }
  }
  nested<Y.Map<unknown>>(records, decisionId, 'votes', Y.Map).set(partnerId, vote);
}

export function commentOnDecision(records: Records, decisionId: string, input: NewComment): DecisionComment {
  records.decisions.require(decisionId);
  const known = pickKnown(input, ['by', 'partnerId', 'text']);
  // Stryker disable next-line StringLiteral: readInput names the input only when it is not an object, and this is one
  const comment = readInput({ ...known, id: records.newId(), at: records.now() }, DECISION_COMMENT, 'comment');
  nested<Y.Array<unknown>>(records, decisionId, 'comments', Y.Array).push([comment]);
  return comment;
}

export function recordOutcome(records: Records, decisionId: string, outcome: DecisionOutcome): void {
  records.decisions.require(decisionId);
  records.decisions.set(decisionId, 'outcome', DECISION.outcome.read(outcome, 'outcome'));
  records.decisions.set(decisionId, 'status', 'decided');
}

export type DecisionWording = Partial<Pick<Decision, 'title' | 'body' | 'category'>>;

/**
 * Rewords an open decision (DEC-6). This copy offers it only until the first vote it holds: a vote concurrent with a
 * reword stays the voter's, answering the words it saw (GOV-13), so the relay needs no such race-prone check.
 */
export function rewordDecision(records: Records, decisionId: string, patch: DecisionWording): void {
  const decision = records.decisions.get(decisionId);
  if (!decision) throw new DocumentError('unknown-record', `No decision with id ${decisionId}`, 'decisionId');
  if (decision.status !== 'open' && decision.status !== 'escalated') {
    throw new DocumentError('not-allowed', `This decision is already ${decision.status}`, 'decisionId');
  }
  if (Object.keys(readDecision(records, { ...decision, id: decisionId }).votes).length > 0) {
    throw new DocumentError('not-allowed', 'A decision cannot be reworded once someone has voted', 'decisionId');
  }
  records.decisions.update(decisionId, patch, ['title', 'body', 'category']);
}

/**
 * Withdraws an undecided decision, stamping when (GOV-15). Not once its votes have decided it: a close written meanwhile
 * elsewhere would win over the withdrawal, so this copy does not offer one it knows comes too late.
 */
export function withdrawDecision(records: Records, decisionId: string, now: number = records.now()): void {
  const fields = records.decisions.get(decisionId);
  if (!fields) throw new DocumentError('unknown-record', `No decision with id ${decisionId}`, 'decisionId');
  const decision = readDecision(records, { ...fields, id: decisionId });
  if (decision.status === 'decided') throw new DocumentError('not-allowed', 'This decision is already decided', 'decisionId');
  // Stryker disable next-line ArrayDeclaration: finalOutcome reads only the partners and the governance
  if (finalOutcome(decision, { partners: records.partners.list(), governance: readGovernance(records), decisions: [decision] }, now) !== null) {
    throw new DocumentError('not-allowed', 'The votes have decided this decision: it can no longer be withdrawn', 'decisionId');
  }
  records.decisions.set(decisionId, 'status', 'withdrawn');
  records.decisions.set(decisionId, 'withdrawnAt', now);
}

/** Reopens a decision its proposer withdrew (DEC-7), as it was: the undo of a withdrawal. */
export function reopenDecision(records: Records, decisionId: string): void {
  const decision = records.decisions.get(decisionId);
  if (!decision) throw new DocumentError('unknown-record', `No decision with id ${decisionId}`, 'decisionId');
  if (statusOf(decision) !== 'withdrawn') throw new DocumentError('not-allowed', `This decision is ${statusOf(decision)}, not withdrawn`, 'decisionId');
  records.decisions.set(decisionId, 'status', reopenedStatus(decision));
  // Stryker disable next-line ConditionalExpression: writing null over null changes nothing a reader sees
  if ((decision.withdrawnAt ?? null) !== null) records.decisions.set(decisionId, 'withdrawnAt', null);
}

/**
 * A decision's status as it reads (GOV-15): decided once it holds an outcome, whatever a concurrent withdrawal wrote;
 * else withdrawn once its proposer stamped a withdrawal, whatever a concurrent escalation wrote. The writes race on
 * the one `status` key, and whichever Yjs keeps, every replica reads the same.
 */
export function statusOf(fields: Pick<DecisionFields, 'status' | 'outcome'> & Partial<Pick<DecisionFields, 'withdrawnAt'>>): DecisionFields['status'] {
  if (fields.outcome !== null) return 'decided';
  return (fields.withdrawnAt ?? null) !== null ? 'withdrawn' : fields.status;
}

/** A decision with its votes (sorted by partner id) and its comments (in time order); malformed ones do not count. */
export function readDecision(records: Records, fields: DecisionFields & { id: string }): Decision {
  const record = records.decisions.require(fields.id);
  const votes: Record<string, Vote> = {};
  const votesMap = record.get('votes');
  if (votesMap instanceof Y.Map) {
    // Sorted: a Y.Map's iteration order is each replica's insertion order, and peers must read the same.
    for (const [partnerId, raw] of [...votesMap.entries()].sort(([a], [b]) => compareText(a, b))) {
      if (RESERVED_KEYS.has(partnerId)) continue;
      // The contract allows a bare choice string too (partnerId -> yes / no / abstain / veto).
      const vote = readEntry(typeof raw === 'string' ? { choice: raw, at: fields.openedAt, by: '', on: null } : raw, VOTE);
      if (vote) votes[partnerId] = vote;
    }
  }
  const comments: DecisionComment[] = [];
  const commentsArray = record.get('comments');
  if (commentsArray instanceof Y.Array) {
    for (const raw of commentsArray.toArray()) {
      const comment = readEntry(raw, DECISION_COMMENT);
      if (comment) comments.push(comment);
    }
  }
  return { ...fields, status: statusOf(fields), votes, comments: comments.sort((a, b) => a.at - b.at) };
}

/** A decision's nested votes map or comments list, made when a peer's copy lacks it. */
function nested<T extends Y.Map<unknown> | Y.Array<unknown>>(records: Records, decisionId: string, key: string, Type: new () => T): T {
  const record = records.decisions.require(decisionId);
  const existing = record.get(key);
  if (existing instanceof Type) return existing;
  const made = new Type();
  record.set(key, made);
  return made;
}
