import type { SyncDb } from './db';

export interface ServerMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Numbered, append-only: never edit one that has run anywhere; add the next. */
export const serverMigrations: readonly ServerMigration[] = [
  {
    version: 1,
    name: 'agents, sessions, CRM, calls, wrap-up, scripts, presence, change log, processed mutations',
    sql: `
      CREATE TABLE agents (
        id            uuid PRIMARY KEY,
        username      text NOT NULL UNIQUE,
        display_name  text NOT NULL,
        password_hash text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now()
      );

      -- Bearer tokens, stored as SHA-256: a database dump does not let anyone sign in.
      CREATE TABLE sessions (
        token_hash  bytea PRIMARY KEY,
        agent_id    uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
        created_at  timestamptz NOT NULL DEFAULT now(),
        revoked_at  timestamptz
      );

      CREATE TABLE contacts (
        id          uuid PRIMARY KEY,
        first_name  text NOT NULL,
        last_name   text NOT NULL,
        company     text NOT NULL,
        email       text NOT NULL,
        timezone    text NOT NULL,
        do_not_call boolean NOT NULL,
        -- per field: {"v": version it last changed at, "c": client that wrote it, "a": agent}
        field_meta  jsonb NOT NULL,
        version     bigint NOT NULL,
        created_by  uuid REFERENCES agents (id),
        created_at  timestamptz NOT NULL,
        updated_at  timestamptz NOT NULL
      );

      CREATE TABLE contact_phones (
        contact_id uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        position   int NOT NULL,
        label      text NOT NULL,
        number     text NOT NULL,
        PRIMARY KEY (contact_id, position)
      );
      CREATE INDEX contact_phones_number ON contact_phones (number);

      -- Values that lost a concurrent edit of one field, kept for the CRM panel.
      CREATE TABLE contact_history (
        id               uuid PRIMARY KEY,
        contact_id       uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        field            text NOT NULL,
        losing_value     jsonb NOT NULL,
        winning_value    jsonb NOT NULL,
        losing_agent_id  uuid,
        winning_agent_id uuid,
        version          bigint NOT NULL,
        recorded_at      timestamptz NOT NULL
      );
      CREATE INDEX contact_history_contact ON contact_history (contact_id, version);

      CREATE TABLE calls (
        id            uuid PRIMARY KEY,
        agent_id      uuid NOT NULL REFERENCES agents (id),
        direction     text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
        local_number  text NOT NULL,
        remote_number text NOT NULL,
        contact_id    uuid,
        started_at    timestamptz NOT NULL,
        answered_at   timestamptz,
        ended_at      timestamptz,
        end_cause     text,
        updated_at    timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX calls_agent ON calls (agent_id, started_at DESC);

      -- Append-only.
      CREATE TABLE notes (
        id          uuid PRIMARY KEY,
        agent_id    uuid NOT NULL REFERENCES agents (id),
        call_id     uuid,
        contact_id  uuid,
        body        text NOT NULL,
        created_at  timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX notes_contact ON notes (contact_id, created_at) WHERE contact_id IS NOT NULL;

      CREATE TABLE dispositions (
        call_id    uuid PRIMARY KEY REFERENCES calls (id),
        agent_id   uuid NOT NULL REFERENCES agents (id),
        code       text NOT NULL,
        created_at timestamptz NOT NULL
      );

      CREATE TABLE callbacks (
        id         uuid PRIMARY KEY,
        agent_id   uuid NOT NULL REFERENCES agents (id),
        contact_id uuid NOT NULL,
        call_id    uuid,
        due_at     timestamptz NOT NULL,
        note       text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE scripts (
        id           text NOT NULL,
        version      int NOT NULL,
        name         text NOT NULL,
        body         text NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id, version)
      );

      CREATE TABLE presence (
        agent_id   uuid PRIMARY KEY REFERENCES agents (id),
        state      text NOT NULL,
        reason     text,
        since      timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      -- The change log clients pull from. Compacted: one row per entity, carrying the version of
      -- its latest change and a snapshot, so an initial sync costs the size of the data, not of
      -- its history. Versions come from one sequence, taken under one lock, so commit order is
      -- version order and a reader never sees a version appear below its cursor later.
      CREATE SEQUENCE change_version;
      CREATE TABLE change_log (
        version   bigint PRIMARY KEY,
        entity    text NOT NULL,
        entity_id text NOT NULL,
        -- NULL: every agent sees it; otherwise only this agent
        audience  uuid,
        payload   jsonb NOT NULL,
        UNIQUE (entity, entity_id)
      );

      CREATE TABLE processed_mutations (
        client_id    uuid NOT NULL,
        mutation_id  uuid NOT NULL,
        agent_id     uuid NOT NULL REFERENCES agents (id),
        kind         text NOT NULL,
        -- {"status":"applied"} or {"status":"rejected","error":{...}}: a retry gets the same answer
        outcome      jsonb NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (client_id, mutation_id)
      );
    `,
  },
  {
    version: 2,
    name: 'campaigns, lead lists, campaign assignments and the do-not-call list',
    sql: `
      -- wrapup and dispositions hold the contract's AfterCallWorkPolicy and DispositionCode[].
      CREATE TABLE campaigns (
        id           text PRIMARY KEY,
        name         text NOT NULL,
        script_id    text,
        wrapup       jsonb NOT NULL,
        dispositions jsonb NOT NULL,
        position     int NOT NULL DEFAULT 0,
        updated_at   timestamptz NOT NULL DEFAULT now()
      );

      -- Who may work a campaign. A campaign with no rows here is open to every agent.
      CREATE TABLE campaign_agents (
        campaign_id text NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        agent_id    uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
        PRIMARY KEY (campaign_id, agent_id)
      );

      CREATE TABLE leads (
        id          uuid PRIMARY KEY,
        campaign_id text NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        contact_id  uuid NOT NULL REFERENCES contacts (id),
        position    int NOT NULL,
        status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'dialed', 'skipped')),
        skip_reason text,
        call_id     uuid,
        -- the agent who dialed or skipped it: a second agent's outcome is refused
        worked_by   uuid REFERENCES agents (id),
        worked_at   timestamptz,
        updated_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX leads_campaign ON leads (campaign_id, position);

      -- Numbers nobody may dial (a national registry, a customer's request by phone).
      CREATE TABLE dnc_numbers (
        number     text PRIMARY KEY,
        reason     text NOT NULL DEFAULT '',
        added_at   timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 3,
    name: 'call script answers',
    sql: `
      -- What the agent answered in a call's script, sent once with the call (script.answers).
      CREATE TABLE call_script_answers (
        call_id        uuid PRIMARY KEY REFERENCES calls (id),
        agent_id       uuid NOT NULL REFERENCES agents (id),
        script_id      text NOT NULL,
        script_version int NOT NULL,
        answers        jsonb NOT NULL,
        finished_at    timestamptz NOT NULL,
        received_at    timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 4,
    name: 'callback status',
    sql: `
      -- A callback is scheduled until its agent marks it done or cancels it (callback.status).
      ALTER TABLE callbacks
        ADD COLUMN status    text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'done', 'cancelled')),
        ADD COLUMN status_at timestamptz;
    `,
  },
  {
    version: 5,
    name: 'the campaign of each call',
    sql: `
      -- Which campaign a call was worked under, for supervisors' reports; null for calls
      -- pushed by clients that did not send it.
      ALTER TABLE calls ADD COLUMN campaign_id text;
      CREATE INDEX calls_campaign ON calls (campaign_id, started_at DESC) WHERE campaign_id IS NOT NULL;
    `,
  },
  {
    version: 6,
    name: 'hold time per call',
    // Whole seconds the agent held the customer (call.upsert holdSeconds, contract calls.ts), for AHT.
    // Idempotent on its own so it can move into the numbered migration files as it is.
    sql: `ALTER TABLE calls ADD COLUMN IF NOT EXISTS hold_seconds integer NOT NULL DEFAULT 0 CHECK (hold_seconds >= 0);`,
  },
];

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
