/**
 * A constitution change made from a screen (CHG-1): written directly while an owner governs alone, otherwise proposed
 * as a decision that carries it and is applied when it passes (AUTH-11). One mapping for Governance and the exit plan.
 */
import type { AllianceDocument, ConstitutionChange, DecisionCategory, Governance, Id, Millis, NewChangeProposal } from '@trellis/shared';

/** Writes a change directly: only for a link that governs alone (`constitutionRoute` gives 'direct'). */
export function writeDirectly(alliance: Pick<AllianceDocument, 'updateGovernance' | 'updatePartner' | 'startExit'>, change: ConstitutionChange, governance: Governance): void {
  switch (change.kind) {
    case 'rule':
      return alliance.updateGovernance({ rules: { ...governance.rules, [change.category]: change.rule } });
    case 'quorum':
      return alliance.updateGovernance({ quorum: change.quorum });
    case 'lead-partner':
      return alliance.updateGovernance({ leadPartnerId: change.partnerId });
    case 'operational-time-limit':
      return alliance.updateGovernance({ operationalTimeLimitDays: change.days });
    case 'steering-time-limit':
      return alliance.updateGovernance({ steeringTimeLimitDays: change.days });
    case 'veto-categories':
      return alliance.updateGovernance({ vetoCategories: change.categories });
    case 'voting-weight':
      return alliance.updatePartner(change.partnerId, { votingWeight: change.weight });
    case 'minority-protection':
      return alliance.updatePartner(change.partnerId, { minorityProtected: change.protected });
    case 'exit':
      return alliance.startExit(change.partnerId, { effectiveAt: change.effectiveAt });
    case 'ratify-charter':
      // Never a setting: ratifying is the partners' vote, even for an owner alone (RAT-1, AUTH-18).
      throw new Error('A ratification of the charter is always proposed as a decision.');
  }
}

/** Whether a change would change nothing against the settings in force (an input set back to its value). */
export function changesNothing(change: ConstitutionChange, governance: Governance, partners: readonly { id: Id; votingWeight: number; minorityProtected: boolean }[]): boolean {
  const partner = 'partnerId' in change ? partners.find((p) => p.id === change.partnerId) : undefined;
  switch (change.kind) {
    case 'rule':
      return governance.rules[change.category] === change.rule;
    case 'quorum':
      return Math.abs(governance.quorum - change.quorum) < 1e-9;
    case 'lead-partner':
      return governance.leadPartnerId === change.partnerId;
    case 'operational-time-limit':
      return governance.operationalTimeLimitDays === change.days;
    case 'steering-time-limit':
      return governance.steeringTimeLimitDays === change.days;
    case 'veto-categories':
      return governance.vetoCategories.length === change.categories.length && change.categories.every((c) => governance.vetoCategories.includes(c));
    case 'voting-weight':
      return partner?.votingWeight === change.weight;
    case 'minority-protection':
      return partner?.minorityProtected === change.protected;
    case 'exit':
    case 'ratify-charter':
      return false;
  }
}

export interface ProposalChoices {
  category: DecisionCategory;
  deadline: Millis;
  createdBy: string;
  proposerId: Id;
  note?: string;
}

/** The decision that carries the change; its title says what changes (proposeChange writes it). */
export function changeProposal(change: ConstitutionChange, choices: ProposalChoices): NewChangeProposal {
  return {
    change,
    category: choices.category,
    deadline: choices.deadline,
    createdBy: choices.createdBy,
    proposerId: choices.proposerId,
    body: choices.note?.trim() ?? '',
  };
}
