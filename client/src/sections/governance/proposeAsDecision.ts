import { deadlineProblem, type Millis, type NewChangeProposal } from '@trellis/shared';
import type { OpenAlliance } from '../../session/context.ts';
import { refusal } from '../../app/refusal.ts';
import { fromDateInput } from '../../app/dateInput.ts';

/** A change put to the partners' vote, as a proposal form gives it. */
export interface Proposing {
  /** The vote's deadline as the date field holds it. */
  deadline: string;
  /** What is proposed, for the refusal to someone who is no partner: "a change", "a ratification". */
  what: string;
  /** How the proposal reads once made ("Proposed: …"). */
  title: string;
  proposal: (deadline: Millis, proposerId: string) => NewChangeProposal;
  /** While its proposer may still take it back, beyond the rules' own answer (AUTH-4); always when left out. */
  undoWhile?: (decisionId: string) => boolean;
}

/**
 * Opens a constitution change as a decision in the name of the partner this link acts for (CHG-1), and offers to
 * take it back. Returns the sentence to show when it could not, or null when it is proposed.
 */
export function proposeAsDecision(alliance: OpenAlliance, proposing: Proposing): string | null {
  const at = fromDateInput(proposing.deadline, 'end');
  const proposerId = alliance.actingAs?.id;
  if (at === null) return 'Pick a deadline for the vote.';
  const late = deadlineProblem(at, Date.now());
  if (late !== null) return late;
  if (!proposerId) return alliance.notActingReason ?? `Only a partner proposes ${proposing.what}.`;
  const document = alliance.session.alliance;
  let id = '';
  const error = refusal(() => {
    id = document.proposeChange(proposing.proposal(at, proposerId)).id;
  });
  if (error !== null) return error;
  alliance.undo.offer({
    message: `Proposed: ${proposing.title}.`,
    undo: () => document.withdrawDecision(id),
    // Withdrawing is its proposer's while the decision is undecided (AUTH-4).
    allowed: () => (proposing.undoWhile?.(id) ?? true) && alliance.may({ kind: 'withdrawDecision', decisionId: id }),
  });
  return null;
}
