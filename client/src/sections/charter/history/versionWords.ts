import type { CharterVersionKind, CharterVersionSummary, Partner } from '@trellis/shared';

/** Why a version was kept, in the method's words. */
const KIND_WORDS: Record<CharterVersionKind, string> = {
  pause: 'Kept after a pause in editing',
  'partner-left': 'Kept when someone left',
  'before-restore': 'Kept just before a restore',
  named: 'Saved by name',
};

/** A version's title: its name, or why it was kept. */
export function versionTitle(version: Pick<CharterVersionSummary, 'kind' | 'name'>): string {
  return version.kind === 'named' ? version.name : KIND_WORDS[version.kind];
}

/** Who kept it: the person and their partner (or "a facilitator"). */
export function versionBy(version: Pick<CharterVersionSummary, 'by' | 'partnerId'>, partners: readonly Partner[]): string {
  const partner = version.partnerId === null ? 'a facilitator' : (partners.find((p) => p.id === version.partnerId)?.name ?? 'a former partner');
  return version.by.trim() === '' ? partner : `${version.by} · ${partner}`;
}

export { KIND_WORDS };
