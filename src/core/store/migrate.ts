import type { Database } from 'better-sqlite3-multiple-ciphers';
import { AgentError } from '../../contract';
import { migrations as allMigrations, type Migration } from './migrations';

/** A file written by a newer app version is refused before anything writes to it. */
export function assertKnownSchema(db: Database, migrations: readonly Migration[] = allMigrations): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new AgentError(
      'STORE_NEWER_SCHEMA',
      `The local database has schema version ${current}, newer than this app knows (${latest}). Update the app; the file was left untouched.`,
    );
  }
  return current;
}

/** Brings the schema to the newest version, each migration in its own transaction. */
export function migrate(db: Database, migrations: readonly Migration[] = allMigrations): number {
  const current = assertKnownSchema(db, migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return latest;
}
