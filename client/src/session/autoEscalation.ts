/**
 * Automatic escalation: an operational decision that the rules call blocked, deadlocked or past its
 * time limit moves to the joint steering committee without anyone clicking. Every open session runs
 * the check; two peers escalating the same decision write the same fields, so it does not matter who
 * gets there first.
 */
import { DocumentError, type AllianceDocument, type AllianceSnapshot, type Millis } from '@trellis/shared';
import { escalation } from '@trellis/shared';

export interface DueEscalation {
  decisionId: string;
  title: string;
  reason: string;
}

/** The operational decisions the rules send to the steering committee at `now`. */
export function dueEscalations(snapshot: Pick<AllianceSnapshot, 'decisions' | 'partners' | 'governance'>, now: Millis): DueEscalation[] {
  const out: DueEscalation[] = [];
  for (const decision of snapshot.decisions) {
    const due = escalation(decision, snapshot.partners, snapshot.governance, now);
    if (due) out.push({ decisionId: decision.id, title: decision.title, reason: due.message });
  }
  return out;
}

/** Escalates every due decision; returns what it moved. A read-only copy changes nothing. */
export function escalateDue(alliance: AllianceDocument, now: Millis): DueEscalation[] {
  if (alliance.readOnlyReason() !== null) return [];
  const moved: DueEscalation[] = [];
  for (const due of dueEscalations(alliance.snapshot(), now)) {
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
