/** The SQLite store's alliance rows as better-sqlite3 returns them (links: linkRow.ts). */
export interface AllianceRow {
  id: string;
  name: string;
  created_at: number;
  creator_link_id: string;
}
