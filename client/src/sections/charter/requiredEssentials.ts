import { charterAudit, type AllianceSnapshot, type AuditItem } from '@trellis/shared';

/** The essentials this alliance's mode requires, covered or missing (AUDIT-1, AUDIT-4). */
export function requiredEssentials(snapshot: Pick<AllianceSnapshot, 'charter' | 'meta'>): AuditItem[] {
  return charterAudit(snapshot.charter, snapshot.meta.mode).items.filter((i) => i.required);
}
