import type { Migration } from './index';

const SEARCH_ROW = `INSERT INTO contacts_fts (rowid, name, company, email, phones, notes)
        SELECT s.seq, s.name, s.company, s.email, s.phones, s.notes FROM contact_search_text s`;
const DEFERRED = '(SELECT deferred FROM search_index_mode) = 1';
const EXACT = '(SELECT deferred FROM search_index_mode) = 0';
/** The contact with this seq has (or is due) its search row now: below the pending mark, or nothing pending. */
const indexed = (seq: string) => `coalesce(${seq} < (SELECT pending_from FROM search_index_mode), 1)`;
/**
 * The same for a phone's or note's contact, looked up by id: one not there yet (its phones come
 * first in a pulled page) has nothing to index while a build is pending, so the trigger is
 * skipped without the body's further lookups.
 */
const contactIndexed = (seq: string) => `coalesce(${seq} < (SELECT pending_from FROM search_index_mode), (SELECT pending_from FROM search_index_mode) IS NULL)`;
const OF_NEW = '(SELECT seq FROM contacts WHERE id = new.contact_id)';
const OF_OLD = '(SELECT seq FROM contacts WHERE id = old.contact_id)';

/**
 * A large pull's new contacts indexed for search once, at its end (issue 17). The pull marks
 * search_index_mode.pending_from (committed with its first page): contacts with seq at or above
 * it have no search row yet, and every trigger leaves them alone — inserts, updates, phones,
 * notes, deletes, on any connection — so the agent's own edits during the pull need no care.
 * When the pull is complete the index is built in chunks of seq (search-index.ts
 * `buildPendingSearchIndex`), each chunk's rows and the raised mark in one transaction; the mark
 * is cleared with the last. A SIGKILL anywhere leaves the mark where the last commit put it and
 * the next pull finishes the build. Contacts below the mark keep 002/012's exact triggers.
 *
 * pending_from NULL: every contact has its search row (the state outside a large pull).
 */
export const m013SearchIndexPending: Migration = {
  version: 13,
  name: 'search index built after a large pull',
  sql: `
    ALTER TABLE search_index_mode ADD COLUMN pending_from INTEGER;

    DROP TRIGGER contacts_fts_insert;
    DROP TRIGGER contacts_fts_insert_deferred;
    DROP TRIGGER contacts_fts_update;
    DROP TRIGGER contacts_fts_update_deferred;
    DROP TRIGGER contacts_fts_delete;
    DROP TRIGGER contact_phones_fts_insert;
    DROP TRIGGER contact_phones_fts_insert_deferred;
    DROP TRIGGER contact_phones_fts_delete;
    DROP TRIGGER contact_phones_fts_delete_deferred;
    DROP TRIGGER notes_fts_insert;
    DROP TRIGGER notes_fts_insert_deferred;

    CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts WHEN ${EXACT} AND ${indexed('new.seq')} BEGIN
      ${SEARCH_ROW} WHERE s.seq = new.seq;
    END;
    CREATE TRIGGER contacts_fts_insert_deferred AFTER INSERT ON contacts WHEN ${DEFERRED} AND ${indexed('new.seq')} BEGIN
      INSERT OR IGNORE INTO contacts_fts_dirty (seq, indexed) VALUES (new.seq, 0);
    END;
    CREATE TRIGGER contacts_fts_update AFTER UPDATE OF first_name, last_name, company, email ON contacts WHEN ${EXACT} AND ${indexed('new.seq')} BEGIN
      DELETE FROM contacts_fts WHERE rowid = old.seq;
      ${SEARCH_ROW} WHERE s.seq = new.seq;
    END;
    CREATE TRIGGER contacts_fts_update_deferred AFTER UPDATE OF first_name, last_name, company, email ON contacts WHEN ${DEFERRED} AND ${indexed('new.seq')} BEGIN
      INSERT OR IGNORE INTO contacts_fts_dirty (seq, indexed) VALUES (new.seq, 1);
    END;
    CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
      DELETE FROM contacts_fts WHERE rowid = old.seq AND ${indexed('old.seq')}
        AND NOT EXISTS (SELECT 1 FROM contacts_fts_dirty d WHERE d.seq = old.seq AND d.indexed = 0);
      DELETE FROM contacts_fts_dirty WHERE seq = old.seq;
    END;
    CREATE TRIGGER contact_phones_fts_insert AFTER INSERT ON contact_phones WHEN ${EXACT} AND ${contactIndexed(OF_NEW)} BEGIN
      DELETE FROM contacts_fts WHERE rowid = ${OF_NEW};
      ${SEARCH_ROW} WHERE s.seq = ${OF_NEW};
    END;
    CREATE TRIGGER contact_phones_fts_insert_deferred AFTER INSERT ON contact_phones WHEN ${DEFERRED} AND ${contactIndexed(OF_NEW)} BEGIN
      INSERT OR IGNORE INTO contacts_fts_dirty (seq, indexed) SELECT seq, 1 FROM contacts WHERE id = new.contact_id;
    END;
    CREATE TRIGGER contact_phones_fts_delete AFTER DELETE ON contact_phones WHEN ${EXACT} AND ${contactIndexed(OF_OLD)} BEGIN
      DELETE FROM contacts_fts WHERE rowid = ${OF_OLD};
      ${SEARCH_ROW} WHERE s.seq = ${OF_OLD};
    END;
    CREATE TRIGGER contact_phones_fts_delete_deferred AFTER DELETE ON contact_phones WHEN ${DEFERRED} AND ${contactIndexed(OF_OLD)} BEGIN
      INSERT OR IGNORE INTO contacts_fts_dirty (seq, indexed) SELECT seq, 1 FROM contacts WHERE id = old.contact_id;
    END;
    CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes WHEN new.contact_id IS NOT NULL AND ${EXACT} AND ${contactIndexed(OF_NEW)} BEGIN
      DELETE FROM contacts_fts WHERE rowid = ${OF_NEW};
      ${SEARCH_ROW} WHERE s.seq = ${OF_NEW};
    END;
    CREATE TRIGGER notes_fts_insert_deferred AFTER INSERT ON notes WHEN new.contact_id IS NOT NULL AND ${DEFERRED} AND ${contactIndexed(OF_NEW)} BEGIN
      INSERT OR IGNORE INTO contacts_fts_dirty (seq, indexed) SELECT seq, 1 FROM contacts WHERE id = new.contact_id;
    END;
  `,
};
