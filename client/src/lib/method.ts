/**
 * The method's rules (pure functions in shared/src/method), for the method's sections.
 * '@trellis/shared' does not re-export shared/src/method yet; this one module reaches into it so that
 * every component imports the rules from one place, and switching to '@trellis/shared' is one edit here.
 */
export {
  decisionOutcome,
  escalation,
  defaultGovernance,
  type DecisionResult,
  type Escalation,
  type EscalationReason,
  type Tally,
} from '../../../shared/src/method/governance.ts';
export { banzhafPower, powerWarnings, type PartnerPower, type PowerWarning } from '../../../shared/src/method/votingPower.ts';
export { openCommitments, overdueCommitments, deliveryByPartner, type DeliveryRecord } from '../../../shared/src/method/commitments.ts';
export {
  checkinAverages,
  checkinGaps,
  latestCheckins,
  CHECKIN_GAP_THRESHOLD,
  type CheckInGap,
  type DimensionAverages,
} from '../../../shared/src/method/checkins.ts';
export { nextReviewDate, reviewStatus, type ReviewStatus } from '../../../shared/src/method/realignment.ts';
export { portfolioConcentration, type PortfolioConcentration } from '../../../shared/src/method/portfolio.ts';
export {
  charterAudit,
  governanceConsistency,
  ESSENTIAL_LABELS,
  type CharterAudit,
  type Essential,
  type GovernanceMismatch,
} from '../../../shared/src/method/charterAudit.ts';
export { DAY_MS } from '../../../shared/src/method/calendar.ts';
