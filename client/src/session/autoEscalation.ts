/**
 * Automatic escalation: an operational decision that the rules call blocked, deadlocked or past its
 * time limit moves to the joint steering committee without anyone clicking. One session writes it first
 * (the upkeep picks the writer: decisionClosing.ts, `closesNow`); the relay admits an escalation while it is
 * due (CHG-5), a second one moments later (CHG-8), and one racing its proposer's withdrawal (GOV-15).
 */
import { DAY_MS, DocumentError, type AllianceDocument, type AllianceSnapshot, type Decision, type Governance, type Id, type Millis } from '@trellis/shared';
import { escalation } from '@trellis/shared';

export interface DueEscalation {
  decisionId: string;
  title: string;
  reason: string;
  /** The partner expected to write it: whose vote made it due, else the proposer. */
  closer: Id | null;
  /** Since when it is due, as far as this copy can tell: the last vote, or the time limit once passed. */
  finalSince: Millis;
}

function dueSince(decision: Decision, governance: Governance, now: Millis): { closer: Id | null; finalSince: Millis } {
  const votes = Object.entries(decision.votes).sort(([, a], [, b]) => b.at - a.at);
  const lastVoteAt = votes[0]?.[1].at ?? decision.openedAt;
  const limitAt = decision.openedAt + governance.operationalTimeLimitDays * DAY_MS;
  return { closer: votes[0]?.[0] ?? decision.proposerId, finalSince: now > limitAt ? Math.max(lastVoteAt, limitAt) : lastVoteAt };
}

/** The operational decisions the rules send to the steering committee at `now`. */
export function dueEscalations(snapshot: Pick<AllianceSnapshot, 'decisions' | 'partners' | 'governance'>, now: Millis): DueEscalation[] {
  const out: DueEscalation[] = [];
  for (const decision of snapshot.decisions) {
    const due = escalation(decision, snapshot.partners, snapshot.governance, now);
    if (due) out.push({ decisionId: decision.id, title: decision.title, reason: due.message, ...dueSince(decision, snapshot.governance, now) });
  }
  return out;
}

/** Escalates every due decision this session writes (`mine`); returns what it moved. A read-only copy changes nothing. */
export function escalateDue(alliance: AllianceDocument, now: Millis, mine: (due: DueEscalation) => boolean = () => true): DueEscalation[] {
  if (alliance.readOnlyReason() !== null) return [];
  const moved: DueEscalation[] = [];
  for (const due of dueEscalations(alliance.snapshot(), now)) {
    if (!mine(due)) continue;
    try {
      alliance.escalateDecision(due.decisionId, `Escalated automatically: ${due.reason}`);
      moved.push(due);
    } catch (error) {
      // Another peer closed or withdrew it in the meantime: nothing left to escalate.
      if (!(error instanceof DocumentError)) throw error;
    }
  }
  return moved;
}
