/**
 * The command bar's catalogue: every alliance on this device, the open alliance's sections, and the method's actions,
 * each with where it leads. Pure: it asks the open alliance's permissions through `whyNot`. The matching is in
 * commandMatch.ts.
 */
import { SECTIONS, SECTION_TITLES, type Action, type Section } from '@trellis/shared';
import { allianceHref } from './router.svelte.ts';

export type CommandGroup = 'Alliances' | 'Sections' | 'Actions';

export interface Command {
  id: string;
  label: string;
  group: CommandGroup;
  /** Other words a person may type for it (not shown). */
  keywords: string;
  /** Where it leads (a hash route). */
  href: string;
  /** The element to focus once there: the action's first field. */
  focusId: string | null;
  /** The form holding it, when a disclosure button (aria-controls) opens that form first. */
  formId: string | null;
  /** Why this link may not take the action, or null when it may. */
  disabledReason: string | null;
}

/** An action of the method: the section its form lives in, the field it starts at, and the write it makes. */
interface ActionCommand {
  id: string;
  label: string;
  keywords: string;
  section: Section;
  focusId: string | null;
  formId?: string;
  /** The permission asked; a partner's own action needs the partner this device acts for. */
  action: ((partnerId: string) => Action) | Action | null;
}

const ACTIONS: readonly ActionCommand[] = [
  { id: 'propose', label: 'Propose a decision', keywords: 'vote decide motion', section: 'decisions', focusId: 'decision-title', formId: 'propose-form', action: { kind: 'proposeDecision' } },
  { id: 'trust', label: 'Record a deposit or a withdrawal', keywords: 'trust entry account', section: 'trust', focusId: 'trust-partner', action: { kind: 'recordTrust' } },
  { id: 'checkin', label: 'Check in', keywords: 'relationship health check-in', section: 'checkins', focusId: 'checkin-note', action: (partnerId) => ({ kind: 'checkIn', partnerId }) },
  { id: 'interest', label: 'Add an interest', keywords: 'explicit implicit red line interest map', section: 'interests', focusId: 'interest-kind', action: (partnerId) => ({ kind: 'editInterest', partnerId }) },
  { id: 'commitment', label: 'Record a commitment', keywords: 'promise deliver', section: 'commitments', focusId: 'commit-text', action: (partnerId) => ({ kind: 'editCommitment', partnerId }) },
  { id: 'review', label: 'Hold the realignment review', keywords: 'record strategic fit reassess', section: 'realignment', focusId: 'review-notes', formId: 'review-form', action: { kind: 'recordReview' } },
  { id: 'share', label: 'Share links', keywords: 'invite link people revoke', section: 'sharing', focusId: 'link-partner', action: { kind: 'manageLinks' } },
  { id: 'add-partner', label: 'Add a partner', keywords: 'organization partner join', section: 'sharing', focusId: 'new-partner', action: { kind: 'managePartners' } },
  { id: 'partners', label: 'Rename or recolour partners', keywords: 'partner name colour color manage', section: 'sharing', focusId: 'partners-title', action: { kind: 'managePartners' } },
  { id: 'rename', label: 'Rename the alliance or edit its purpose', keywords: 'name purpose settings', section: 'overview', focusId: 'edit-alliance', action: { kind: 'editAllianceSettings' } },
  { id: 'export', label: 'Export the alliance', keywords: 'print download json pdf', section: 'export', focusId: null, action: null },
];

export interface CatalogueInput {
  alliances: readonly { id: string; name: string; archived: boolean }[];
  /** The alliance open now, or null on the portfolio. */
  open: {
    id: string;
    /** The partner this device acts for, or null (then a partner's own action says `notActingReason`). */
    actingPartnerId: string | null;
    notActingReason: string | null;
    whyNot(action: Action): string | null;
  } | null;
}

/** Every command on offer now: the open alliance's actions first, then its sections, then the alliances. */
export function catalogue(input: CatalogueInput): Command[] {
  const commands: Command[] = [];
  const open = input.open;
  if (open) {
    for (const a of ACTIONS) {
      commands.push({
        id: `action:${a.id}`,
        label: a.label,
        group: 'Actions',
        keywords: a.keywords,
        href: allianceHref(open.id, a.section),
        focusId: a.focusId,
        formId: a.formId ?? null,
        disabledReason: actionReason(a, open),
      });
    }
    for (const section of SECTIONS) {
      commands.push({
        id: `section:${section}`,
        label: SECTION_TITLES[section],
        group: 'Sections',
        keywords: section,
        href: allianceHref(open.id, section),
        focusId: null,
        formId: null,
        disabledReason: null,
      });
    }
  }
  commands.push({ id: 'portfolio', label: 'Your alliances', group: 'Alliances', keywords: 'portfolio home all', href: '#/', focusId: null, formId: null, disabledReason: null });
  commands.push({ id: 'new-alliance', label: 'New alliance', group: 'Actions', keywords: 'create start', href: '#/', focusId: 'alliance-name', formId: 'new-alliance', disabledReason: null });
  for (const alliance of input.alliances) {
    commands.push({
      id: `alliance:${alliance.id}`,
      label: alliance.archived ? `${alliance.name} (archived)` : alliance.name,
      group: 'Alliances',
      keywords: 'alliance open',
      href: allianceHref(alliance.id),
      focusId: null,
      formId: null,
      disabledReason: null,
    });
  }
  return commands;
}

function actionReason(command: ActionCommand, open: NonNullable<CatalogueInput['open']>): string | null {
  if (command.action === null) return null;
  if (typeof command.action === 'function') {
    if (open.actingPartnerId === null) return open.notActingReason ?? 'Only a partner’s link can do this.';
    return open.whyNot(command.action(open.actingPartnerId));
  }
  return open.whyNot(command.action);
}
