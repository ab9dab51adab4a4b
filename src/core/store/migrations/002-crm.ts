import type { Migration } from './index';

/**
 * The agent's working data. Table shapes other modules rely on (the sync engine's pull-apply
 * writes contacts and contact_phones directly):
 *
 * contacts        one row per contact. `id` is the uuid everyone uses; `seq` is a stable
 *                 integer key only for the FTS index (rowid would renumber on VACUUM).
 *                 Each mergeable field has a `<field>_v` column: the server version the local
 *                 value came from. A local edit leaves it alone and sends it as baseVersion;
 *                 a pulled change sets both the value and its `_v`. `phones_v` covers the
 *                 whole phone list (it merges as one field, like ContactFields.phones).
 * contact_phones  the contact's phones in display order, `e164` normalized (libphonenumber,
 *                 default country PK) and indexed for the screen-pop lookup. Replace the
 *                 whole list for a contact when `phones` changes.
 * contacts_fts    FTS5, contentless, rowid = contacts.seq. Kept current by the triggers below,
 *                 whoever writes contacts, contact_phones or notes: no caller maintains it.
 *
 * Cross-entity references (calls.contact_id, notes.call_id, …) are plain uuids without
 * foreign keys, so pulled rows may arrive in any order.
 */
export const m002Crm: Migration = {
  version: 2,
  name: 'crm: contacts, phones, search, calls, notes, wrap-up, scripts',
  sql: `
    CREATE TABLE contacts (
      seq            INTEGER PRIMARY KEY,
      id             TEXT NOT NULL UNIQUE,
      first_name     TEXT NOT NULL DEFAULT '',
      last_name      TEXT NOT NULL DEFAULT '',
      company        TEXT NOT NULL DEFAULT '',
      email          TEXT NOT NULL DEFAULT '',
      timezone       TEXT NOT NULL DEFAULT '',
      do_not_call    INTEGER NOT NULL DEFAULT 0 CHECK (do_not_call IN (0, 1)),
      first_name_v   INTEGER NOT NULL DEFAULT 0,
      last_name_v    INTEGER NOT NULL DEFAULT 0,
      company_v      INTEGER NOT NULL DEFAULT 0,
      email_v        INTEGER NOT NULL DEFAULT 0,
      phones_v       INTEGER NOT NULL DEFAULT 0,
      timezone_v     INTEGER NOT NULL DEFAULT 0,
      do_not_call_v  INTEGER NOT NULL DEFAULT 0,
      created_at     TEXT NOT NULL,
      updated_at     TEXT NOT NULL
    ) STRICT;

    CREATE TABLE contact_phones (
      contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
      position   INTEGER NOT NULL,
      label      TEXT NOT NULL,
      e164       TEXT NOT NULL,
      PRIMARY KEY (contact_id, position)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX contact_phones_e164 ON contact_phones (e164);

    -- Finalized notes: append-only, each about a call or a contact (or both).
    CREATE TABLE notes (
      id         TEXT PRIMARY KEY,
      call_id    TEXT,
      contact_id TEXT,
      body       TEXT NOT NULL,
      created_at TEXT NOT NULL,
      CHECK (call_id IS NOT NULL OR contact_id IS NOT NULL)
    ) STRICT;
    CREATE INDEX notes_call ON notes (call_id) WHERE call_id IS NOT NULL;
    CREATE INDEX notes_contact ON notes (contact_id, created_at) WHERE contact_id IS NOT NULL;

    -- Search text per contact. 'phones' holds E.164 digits and the national form, so both
    -- +923001234567 and 03001234567 find the caller.
    CREATE VIRTUAL TABLE contacts_fts USING fts5 (
      name, company, email, phones, notes,
      content = '', contentless_delete = 1,
      tokenize = 'unicode61 remove_diacritics 2',
      prefix = '2 3 4 5 6'
    );

    CREATE VIEW contact_search_text AS
      SELECT c.seq AS seq,
             c.first_name || ' ' || c.last_name AS name,
             c.company AS company,
             c.email AS email,
             coalesce((SELECT group_concat(substr(p.e164, 2) || ' ' ||
                         CASE WHEN p.e164 LIKE '+92%' THEN '0' || substr(p.e164, 4) ELSE '' END, ' ')
                       FROM contact_phones p WHERE p.contact_id = c.id), '') AS phones,
             coalesce((SELECT group_concat(n.body, ' ') FROM notes n WHERE n.contact_id = c.id), '') AS notes
      FROM contacts c;

    CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN
      INSERT INTO contacts_fts (rowid, name, company, email, phones, notes)
        SELECT seq, name, company, email, phones, notes FROM contact_search_text WHERE seq = new.seq;
    END;
    CREATE TRIGGER contacts_fts_update AFTER UPDATE OF first_name, last_name, company, email ON contacts BEGIN
      DELETE FROM contacts_fts WHERE rowid = old.seq;
      INSERT INTO contacts_fts (rowid, name, company, email, phones, notes)
        SELECT seq, name, company, email, phones, notes FROM contact_search_text WHERE seq = new.seq;
    END;
    CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
      DELETE FROM contacts_fts WHERE rowid = old.seq;
    END;
    CREATE TRIGGER contact_phones_fts_insert AFTER INSERT ON contact_phones BEGIN
      DELETE FROM contacts_fts WHERE rowid = (SELECT seq FROM contacts WHERE id = new.contact_id);
      INSERT INTO contacts_fts (rowid, name, company, email, phones, notes)
        SELECT s.seq, s.name, s.company, s.email, s.phones, s.notes FROM contact_search_text s
        WHERE s.seq = (SELECT seq FROM contacts WHERE id = new.contact_id);
    END;
    CREATE TRIGGER contact_phones_fts_delete AFTER DELETE ON contact_phones BEGIN
      DELETE FROM contacts_fts WHERE rowid = (SELECT seq FROM contacts WHERE id = old.contact_id);
      INSERT INTO contacts_fts (rowid, name, company, email, phones, notes)
        SELECT s.seq, s.name, s.company, s.email, s.phones, s.notes FROM contact_search_text s
        WHERE s.seq = (SELECT seq FROM contacts WHERE id = old.contact_id);
    END;
    CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes WHEN new.contact_id IS NOT NULL BEGIN
      DELETE FROM contacts_fts WHERE rowid = (SELECT seq FROM contacts WHERE id = new.contact_id);
      INSERT INTO contacts_fts (rowid, name, company, email, phones, notes)
        SELECT s.seq, s.name, s.company, s.email, s.phones, s.notes FROM contact_search_text s
        WHERE s.seq = (SELECT seq FROM contacts WHERE id = new.contact_id);
    END;

    CREATE TABLE calls (
      id            TEXT PRIMARY KEY,
      direction     TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
      local_number  TEXT NOT NULL,
      remote_number TEXT NOT NULL,
      -- the remote number normalized, when it is a phone number at all
      remote_e164   TEXT,
      contact_id    TEXT,
      started_at    TEXT NOT NULL,
      answered_at   TEXT,
      ended_at      TEXT,
      end_cause     TEXT
    ) STRICT;
    CREATE INDEX calls_started ON calls (started_at DESC);
    CREATE INDEX calls_contact ON calls (contact_id, started_at DESC) WHERE contact_id IS NOT NULL;

    -- The note being typed: local only, one per call (or per contact outside a call), replaced
    -- on every autosave; finalizing turns it into a notes row (same id) and deletes it.
    CREATE TABLE note_drafts (
      target     TEXT PRIMARY KEY,
      id         TEXT NOT NULL UNIQUE,
      call_id    TEXT,
      contact_id TEXT,
      body       TEXT NOT NULL,
      revision   INTEGER NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE disposition_codes (
      code              TEXT PRIMARY KEY,
      label             TEXT NOT NULL,
      needs_callback    INTEGER NOT NULL DEFAULT 0,
      position          INTEGER NOT NULL
    ) STRICT;
    INSERT INTO disposition_codes (code, label, needs_callback, position) VALUES
      ('resolved', 'Resolved', 0, 1),
      ('sale', 'Sale', 0, 2),
      ('callback', 'Callback requested', 1, 3),
      ('not-interested', 'Not interested', 0, 4),
      ('no-answer', 'No answer', 0, 5),
      ('wrong-number', 'Wrong number', 0, 6),
      ('do-not-call', 'Do not call', 0, 7);

    CREATE TABLE dispositions (
      id         INTEGER PRIMARY KEY,
      call_id    TEXT NOT NULL,
      code       TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX dispositions_call ON dispositions (call_id);

    CREATE TABLE callbacks (
      id         TEXT PRIMARY KEY,
      contact_id TEXT NOT NULL,
      call_id    TEXT,
      due_at     TEXT NOT NULL,
      note       TEXT NOT NULL,
      status     TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'done', 'cancelled')),
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX callbacks_due ON callbacks (status, due_at);

    -- Wrap-up of a call while the agent fills it in: saved as it changes, so a crash loses
    -- nothing; completed_at set when the disposition is submitted.
    CREATE TABLE wrapups (
      call_id         TEXT PRIMARY KEY,
      disposition     TEXT,
      callback_due_at TEXT,
      callback_note   TEXT,
      updated_at      TEXT NOT NULL,
      completed_at    TEXT
    ) STRICT;

    CREATE TABLE scripts (
      id         TEXT PRIMARY KEY,
      version    INTEGER NOT NULL,
      name       TEXT NOT NULL,
      body       TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;

    -- Where the agent is in a call's script, saved at every step.
    CREATE TABLE script_runs (
      call_id        TEXT PRIMARY KEY,
      script_id      TEXT NOT NULL,
      script_version INTEGER NOT NULL,
      step_id        TEXT NOT NULL,
      answers        TEXT NOT NULL DEFAULT '{}',
      updated_at     TEXT NOT NULL,
      finished_at    TEXT
    ) STRICT;
  `,
};
