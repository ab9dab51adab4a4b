import type { Db } from '../store/database';

/**
 * The contact search index in batches (migration 012). Inside one write transaction:
 *
 *   deferSearchIndex(db)   — the FTS triggers stop indexing row by row and only note the
 *                            contacts that changed (contacts_fts_dirty);
 *   …bulk writes…
 *   flushSearchIndex(db)   — those contacts get their search rows in one INSERT … SELECT from
 *                            002's contact_search_text view, and per-row indexing is back.
 *
 * Both must run in the same transaction: the flag is then never committed as "deferred", so no
 * other connection sees a half-indexed store and a crash rolls everything back together.
 * `withBatchedSearchIndex` does both around a function. The search rows are the ones the
 * per-row triggers would have written (same view, same columns), so searches find the same
 * contacts either way (tests/unit/search-index-batches.test.ts).
 */
export function deferSearchIndex(db: Db): void {
  db.prepare('UPDATE search_index_mode SET deferred = 1 WHERE id = 1').run();
}

/** Indexes every contact noted since deferSearchIndex and restores per-row indexing. Returns how many were indexed. */
export function flushSearchIndex(db: Db): number {
  // Only contacts that may already have a row are deleted first: a contentless FTS5 table
  // records a delete even for a row it never had.
  db.prepare('DELETE FROM contacts_fts WHERE rowid IN (SELECT seq FROM contacts_fts_dirty WHERE indexed = 1)').run();
  const { changes } = db
    .prepare(
      `INSERT INTO contacts_fts (rowid, name, company, email, phones, notes)
       SELECT s.seq, s.name, s.company, s.email, s.phones, s.notes
       FROM contacts_fts_dirty d JOIN contact_search_text s ON s.seq = d.seq ORDER BY d.seq`,
    )
    .run();
  db.prepare('DELETE FROM contacts_fts_dirty').run();
  db.prepare('UPDATE search_index_mode SET deferred = 0 WHERE id = 1').run();
  return changes;
}

/** Runs `write` with the search index deferred and flushes it after, in one transaction (or savepoint). */
export function withBatchedSearchIndex<T>(db: Db, write: () => T): T {
  return db.transaction(() => {
    deferSearchIndex(db);
    const result = write();
    flushSearchIndex(db);
    return result;
  }).immediate();
}
