import type { DeviceAlliance } from '../session/deviceRegistry.ts';

/**
 * What removing an alliance from this device costs, said before it is done: the device's copy goes, the relay's and
 * the partners' stay; what only this device holds (an alliance never registered, changes not yet sent, the owner
 * link) is named.
 */
export function removalWarning(entry: Pick<DeviceAlliance, 'registered' | 'pendingChanges' | 'role' | 'refusedCode'>, hasCopy: boolean): string {
  if (!hasCopy) return 'Nothing of it is on this device yet: removing it forgets the link.';
  if (!entry.registered) return 'It has never reached the relay: this device holds its only copy, and removing it loses the alliance.';
  const said = ['Its copy on this device is deleted; the relay and your partners keep theirs.'];
  if (entry.pendingChanges > 0 && entry.refusedCode === null) {
    said.push(`${entry.pendingChanges === 1 ? '1 change' : `${entry.pendingChanges} changes`} made here ${entry.pendingChanges === 1 ? 'has' : 'have'} not reached the relay and ${entry.pendingChanges === 1 ? 'is' : 'are'} lost.`);
  }
  if (entry.role === 'owner' && entry.refusedCode === null) said.push('This device holds an owner link: without a copy of it, you cannot manage the alliance’s links again.');
  return said.join(' ');
}
