/**
 * The method as pure functions: derived values computed from a plain AllianceSnapshot (or its
 * parts) and a `now` passed in, never stored in the document. The rules are in shared/METHOD.md.
 */
export * from './calendar.ts';
export * from './trust.ts';
export * from './alignmentGaps.ts';
export * from './governance.ts';
export * from './votingPower.ts';
export * from './realignment.ts';
export * from './charterAudit.ts';
export * from './health.ts';
export * from './commitments.ts';
export * from './checkins.ts';
export * from './portfolio.ts';
export * from './constitution.ts';
export * from './wording.ts';
export * from './ratification.ts';
export * from './warningSigns.ts';
