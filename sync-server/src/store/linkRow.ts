import { isRole } from '@trellis/shared';
import type { LinkRecord } from './allianceStore.ts';

/** A link's row as SQLite and PostgreSQL both return it (the same columns in both schemas). */
export interface LinkRow {
  id: string;
  alliance_id: string;
  role: string;
  label: string;
  partner_id: string | null;
  token_hash: Uint8Array;
  created_at: number;
  revoked_at: number | null;
}

export function toLink(row: LinkRow): LinkRecord {
  // The role column is only ever written from a checked Role; a foreign value means a damaged store.
  if (!isRole(row.role)) throw new Error(`link ${row.id} has an unknown role`);
  return {
    id: row.id,
    allianceId: row.alliance_id,
    role: row.role,
    label: row.label,
    partnerId: row.partner_id ?? null,
    tokenHash: new Uint8Array(row.token_hash),
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}
