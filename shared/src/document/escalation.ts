/** Escalation to the steering committee (DEC-3); when a decision should escalate is method/governance.ts (ESC-1..5). */
import { DAY_MS } from '../method/calendar.ts';
import { LIMITS } from '../schema.ts';
import { DocumentError } from './documentError.ts';
import { text } from './fields.ts';
import { readGovernance } from './governanceSettings.ts';
import type { Records } from './records.ts';

/** Moves an operational decision to the steering committee, with at least the steering time limit to decide. */
export function escalateDecision(records: Records, decisionId: string, reason: string): void {
  const decision = records.decisions.get(decisionId);
  if (!decision) throw new DocumentError('unknown-record', `No decision with id ${decisionId}`, 'decisionId');
  if (decision.level === 'steering') return;
  if (decision.status !== 'open') throw new DocumentError('not-allowed', `This decision is already ${decision.status}`, 'decisionId');
  // Read before the first write: a throw does not roll back the writes before it.
  const why = text(LIMITS.shortText)(reason, 'reason');
  const at = records.now();
  const steeringDays = readGovernance(records).steeringTimeLimitDays;
  records.decisions.set(decisionId, 'level', 'steering');
  records.decisions.set(decisionId, 'status', 'escalated');
  records.decisions.set(decisionId, 'escalatedAt', at);
  records.decisions.set(decisionId, 'escalationReason', why);
  records.decisions.set(decisionId, 'deadline', Math.max(decision.deadline, at + steeringDays * DAY_MS));
}
