import type { SyncDb } from '../db';
import { m001Foundation } from './001-foundation';
import { m002Campaigns } from './002-campaigns';
import { m003ScriptAnswers } from './003-script-answers';
import { m004CallbackStatus } from './004-callback-status';
import { m005CallCampaign } from './005-call-campaign';
import { m006CallHoldTime } from './006-call-hold-time';
import { m007SignInThrottle } from './007-sign-in-throttle';
import { m008ChangeLogTransactions } from './008-change-log-transactions';
import { m009ProcessedMutationsPerAgent } from './009-processed-mutations-per-agent';
import { m010SessionLifetime } from './010-session-lifetime';
import { m011ConsoleAccounts } from './011-console-accounts';
import { m012ConsoleMessages } from './012-console-messages';
import { m013PresenceHistory } from './013-presence-history';
import { m014DeviceFinalPush } from './014-device-final-push';
import { m015CallOutcome } from './015-call-outcome';

export interface ServerMigration {
  readonly version: number;
  /** Recorded in schema_migrations beside the version; the version alone decides what runs. */
  readonly name: string;
  readonly sql: string;
}

/**
 * Numbered, append-only: never edit one that has run anywhere; add the next file (NNN-name.ts)
 * and list it here. The versions are the ones the single-file list recorded in
 * schema_migrations, so a database it migrated is at the same version here.
 */
export const serverMigrations: readonly ServerMigration[] = [m001Foundation, m002Campaigns, m003ScriptAnswers, m004CallbackStatus, m005CallCampaign, m006CallHoldTime, m007SignInThrottle, m008ChangeLogTransactions, m009ProcessedMutationsPerAgent, m010SessionLifetime, m011ConsoleAccounts, m012ConsoleMessages, m013PresenceHistory, m014DeviceFinalPush, m015CallOutcome];

/** Serializes migrations across server instances starting together on one database. */
const MIGRATION_LOCK = 4_711_001;

export async function migrateServer(db: SyncDb, migrations: readonly ServerMigration[] = serverMigrations): Promise<number> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const { rows } = await tx.query<{ v: number | null }>('SELECT max(version)::int AS v FROM schema_migrations');
    const current = rows[0]?.v ?? 0;
    const latest = migrations.at(-1)?.version ?? 0;
    if (current > latest) throw new Error(`The sync database has schema version ${current}, newer than this server knows (${latest}).`);
    for (const m of migrations) {
      if (m.version <= current) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    return latest;
  });
}
