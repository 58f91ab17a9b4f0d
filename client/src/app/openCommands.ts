/**
 * What the command bar offers: the open alliance's actions are asked of the same permissions as its
 * controls. Loaded with the bar, so the portfolio's first screen does not carry the method's permissions.
 */
import type { AllianceSession } from '../session/allianceSession.svelte.ts';
import { catalogue, type Command } from './commands.ts';
import { clock } from '../session/clock.svelte.ts';
import { permission } from '../session/permissions.ts';
import { actingPartner, whyNotActing } from '../session/actor.ts';

export function commandsFor(alliances: { id: string; name: string; archived: boolean }[], open: AllianceSession | null): Command[] {
  return catalogue({
    alliances,
    open: open && {
      id: open.id,
      actingPartnerId: actingPartner(open.standing)?.id ?? null,
      notActingReason: whyNotActing(open.standing),
      whyNot: (action) => {
        const answer = permission(open, action, clock.now);
        return answer.allowed ? null : answer.reason;
      },
    },
  });
}
