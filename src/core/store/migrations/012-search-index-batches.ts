import type { Migration } from './index';

const SEARCH_ROW = `INSERT INTO contacts_fts (rowid, name, company, email, phones, notes)
        SELECT s.seq, s.name, s.company, s.email, s.phones, s.notes FROM contact_search_text s`;
const DEFERRED = '(SELECT deferred FROM search_index_mode) = 1';
const EXACT = '(SELECT deferred FROM search_index_mode) = 0';

/**
 * The contact search index (002's contacts_fts) can be maintained per row, as before, or in
 * batches: a bulk pull (src/core/contacts/search-index.ts) sets search_index_mode.deferred
 * inside its transaction, the triggers then only note which contacts changed in
 * contacts_fts_dirty, and the same transaction ends by indexing those contacts in one
 * INSERT … SELECT and clearing the flag. The flag is never committed as 1, so every other
 * writer (the agent's edits, small pulls) keeps the exact per-row triggers.
 *
 * contacts_fts_dirty.indexed: 1 when the contact may already have a search row to replace,
 * 0 when it was inserted while deferred (nothing to delete first).
 *
 * 002's triggers delete and re-insert the contact's whole search row for every phone and note
 * written: the main cost of an initial sync (issue 17).
 */
export const m012SearchIndexBatches: Migration = {
  version: 12,
  name: 'search index in batches',
  sql: `
    CREATE TABLE search_index_mode (
      id       INTEGER PRIMARY KEY CHECK (id = 1),
      deferred INTEGER NOT NULL CHECK (deferred IN (0, 1))
    ) STRICT;
    INSERT INTO search_index_mode (id, deferred) VALUES (1, 0);

    CREATE TABLE contacts_fts_dirty (
      seq     INTEGER PRIMARY KEY,
      indexed INTEGER NOT NULL CHECK (indexed IN (0, 1))
    ) STRICT;

    DROP TRIGGER contacts_fts_insert;
    DROP TRIGGER contacts_fts_update;
    DROP TRIGGER contacts_fts_delete;
    DROP TRIGGER contact_phones_fts_insert;
    DROP TRIGGER contact_phones_fts_delete;
    DROP TRIGGER notes_fts_insert;

    CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts WHEN ${EXACT} BEGIN
      ${SEARCH_ROW} WHERE s.seq = new.seq;
    END;
    CREATE TRIGGER contacts_fts_insert_deferred AFTER INSERT ON contacts WHEN ${DEFERRED} BEGIN
      INSERT OR IGNORE INTO contacts_fts_dirty (seq, indexed) VALUES (new.seq, 0);
    END;
    CREATE TRIGGER contacts_fts_update AFTER UPDATE OF first_name, last_name, company, email ON contacts WHEN ${EXACT} BEGIN
      DELETE FROM contacts_fts WHERE rowid = old.seq;
      ${SEARCH_ROW} WHERE s.seq = new.seq;
    END;
    CREATE TRIGGER contacts_fts_update_deferred AFTER UPDATE OF first_name, last_name, company, email ON contacts WHEN ${DEFERRED} BEGIN
      INSERT OR IGNORE INTO contacts_fts_dirty (seq, indexed) VALUES (new.seq, 1);
    END;
    CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
      DELETE FROM contacts_fts WHERE rowid = old.seq
        AND NOT EXISTS (SELECT 1 FROM contacts_fts_dirty d WHERE d.seq = old.seq AND d.indexed = 0);
      DELETE FROM contacts_fts_dirty WHERE seq = old.seq;
    END;
    CREATE TRIGGER contact_phones_fts_insert AFTER INSERT ON contact_phones WHEN ${EXACT} BEGIN
      DELETE FROM contacts_fts WHERE rowid = (SELECT seq FROM contacts WHERE id = new.contact_id);
      ${SEARCH_ROW} WHERE s.seq = (SELECT seq FROM contacts WHERE id = new.contact_id);
    END;
    CREATE TRIGGER contact_phones_fts_insert_deferred AFTER INSERT ON contact_phones WHEN ${DEFERRED} BEGIN
      INSERT OR IGNORE INTO contacts_fts_dirty (seq, indexed) SELECT seq, 1 FROM contacts WHERE id = new.contact_id;
    END;
    CREATE TRIGGER contact_phones_fts_delete AFTER DELETE ON contact_phones WHEN ${EXACT} BEGIN
      DELETE FROM contacts_fts WHERE rowid = (SELECT seq FROM contacts WHERE id = old.contact_id);
      ${SEARCH_ROW} WHERE s.seq = (SELECT seq FROM contacts WHERE id = old.contact_id);
    END;
    CREATE TRIGGER contact_phones_fts_delete_deferred AFTER DELETE ON contact_phones WHEN ${DEFERRED} BEGIN
      INSERT OR IGNORE INTO contacts_fts_dirty (seq, indexed) SELECT seq, 1 FROM contacts WHERE id = old.contact_id;
    END;
    CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes WHEN new.contact_id IS NOT NULL AND ${EXACT} BEGIN
      DELETE FROM contacts_fts WHERE rowid = (SELECT seq FROM contacts WHERE id = new.contact_id);
      ${SEARCH_ROW} WHERE s.seq = (SELECT seq FROM contacts WHERE id = new.contact_id);
    END;
    CREATE TRIGGER notes_fts_insert_deferred AFTER INSERT ON notes WHEN new.contact_id IS NOT NULL AND ${DEFERRED} BEGIN
      INSERT OR IGNORE INTO contacts_fts_dirty (seq, indexed) SELECT seq, 1 FROM contacts WHERE id = new.contact_id;
    END;
  `,
};
