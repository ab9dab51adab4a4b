import type { ServerMigration } from './index';

export const m008ChangeLogTransactions: ServerMigration = {
  version: 8,
  name: 'change log rows carry their transaction id',
  sql: `
      -- Pushes no longer queue behind one lock, so versions are no longer in commit order: each
      -- log row records the transaction that last wrote it, and pulls serve only rows of finished
      -- transactions, in (transaction, version) order (src/server/pull.ts). Rows written before
      -- this migration get transaction 0, so an old numeric cursor n is the position (0, n).
      ALTER TABLE change_log ADD COLUMN xid xid8 NOT NULL DEFAULT '0';
      ALTER TABLE change_log ALTER COLUMN xid SET DEFAULT pg_current_xact_id();
      CREATE INDEX change_log_xid_version ON change_log (xid, version);
      -- A row replaced by a later change (the log keeps one per entity) moves to that
      -- change's transaction, whichever statement replaced it.
      CREATE FUNCTION change_log_stamp_xid() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN NEW.xid := pg_current_xact_id(); RETURN NEW; END $$;
      CREATE TRIGGER change_log_stamp_xid BEFORE UPDATE ON change_log FOR EACH ROW EXECUTE FUNCTION change_log_stamp_xid();
    `,
};
