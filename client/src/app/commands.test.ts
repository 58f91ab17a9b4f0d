import { describe, expect, it } from 'vitest';
import type { Action } from '@trellis/shared';
import { catalogue, type CatalogueInput } from './commands.ts';
import { matchCommands, moveActive } from './commandMatch.ts';

const ALLIANCE = 'A'.repeat(22);
const OTHER = 'B'.repeat(22);

function open(refuse: (action: Action) => string | null = () => null, actingPartnerId: string | null = 'p1'): CatalogueInput['open'] {
  return { id: ALLIANCE, actingPartnerId, notActingReason: actingPartnerId ? null : 'This is a facilitator’s link.', whyNot: refuse };
}

const alliances = [
  { id: ALLIANCE, name: 'Green Last Mile', archived: false },
  { id: OTHER, name: 'Harbour Freight', archived: true },
];

describe('the command bar: what is on offer', () => {
  it('offers every alliance (an archived one says so), and with one open its sections and the method’s actions', () => {
    const labels = catalogue({ alliances, open: open() }).map((c) => c.label);
    expect(labels).toEqual(expect.arrayContaining(['Green Last Mile', 'Harbour Freight (archived)', 'Trust account', 'Propose a decision', 'Record a deposit or a withdrawal', 'Share links']));
    const onPortfolio = catalogue({ alliances, open: null });
    expect(onPortfolio.map((c) => c.label)).toEqual(['Your alliances', 'New alliance', 'Green Last Mile', 'Harbour Freight (archived)']);
  });

  it('leads an action to its section and the first field of its form', () => {
    const propose = catalogue({ alliances, open: open() }).find((c) => c.label === 'Propose a decision')!;
    expect(propose.href).toBe(`#/a/${ALLIANCE}/decisions`);
    expect(propose.focusId).toBe('decision-title');
    expect(propose.formId).toBe('propose-form');
  });

  it('says why an action this link may not take is refused, asking the same permissions as the controls', () => {
    const viewOnly = (action: Action) => (action.kind === 'manageLinks' ? 'Only an owner link can share or revoke links.' : null);
    const commands = catalogue({ alliances, open: open(viewOnly) });
    expect(commands.find((c) => c.label === 'Share links')!.disabledReason).toBe('Only an owner link can share or revoke links.');
    expect(commands.find((c) => c.label === 'Propose a decision')!.disabledReason).toBeNull();
  });

  it('asks a partner’s own action for the partner this device acts for, and says why when it acts for none', () => {
    const asked: Action[] = [];
    catalogue({ alliances, open: open((a) => (asked.push(a), null)) });
    expect(asked).toContainEqual({ kind: 'checkIn', partnerId: 'p1' });
    const facilitator = catalogue({ alliances, open: open(() => null, null) });
    expect(facilitator.find((c) => c.label === 'Check in')!.disabledReason).toBe('This is a facilitator’s link.');
  });
});

describe('the command bar: matching what is typed', () => {
  const commands = catalogue({ alliances, open: open() });
  const labels = (query: string) => matchCommands(commands, query).map((c) => c.label);

  it('lists everything for an empty query', () => {
    expect(labels('  ')).toHaveLength(commands.length);
  });

  it('keeps the commands where every typed word begins a word, case-insensitively', () => {
    expect(labels('TRUST')).toEqual(['Trust account', 'Record a deposit or a withdrawal']);
    expect(labels('prop dec')).toEqual(['Propose a decision']);
    expect(labels('rust')).toEqual([]);
  });

  it('puts a label starting with the query first, then a label match, then a keyword match', () => {
    expect(labels('de')[0]).toBe('Decisions');
    expect(labels('share')).toEqual(['Share links']);
    expect(labels('deposit')).toEqual(['Record a deposit or a withdrawal']);
    expect(labels('harb')).toEqual(['Harbour Freight (archived)']);
  });
});

describe('the command bar: arrow keys', () => {
  it('moves down and up through the options, wrapping; other keys are the text field’s', () => {
    expect(moveActive(0, 3, 'ArrowDown')).toBe(1);
    expect(moveActive(2, 3, 'ArrowDown')).toBe(0);
    expect(moveActive(0, 3, 'ArrowUp')).toBe(2);
    expect(moveActive(0, 3, 'Home')).toBeNull();
    expect(moveActive(0, 0, 'ArrowDown')).toBeNull();
  });
});
