/**
 * Refuses a database a newer relay has migrated: an older build would read and compact it as far as it
 * knows the schema, and lose what it does not (records kept where it never looks, rows it drops).
 */
export function refuseNewerSchema(version: number, known: number, database: string): void {
  if (version <= known) return;
  throw new Error(
    `the ${database} is at schema version ${version}, newer than this relay knows (${known}): run the newer relay, or restore a backup taken before it was upgraded`,
  );
}
