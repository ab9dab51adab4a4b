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

/**
 * Contacts a large pull adds from here on are indexed for search at its end, not as they land
 * (migration 013): sets search_index_mode.pending_from to the next contact seq unless a mark is
 * there already (a pull cut short before its build finished). Call inside the page's
 * transaction, so the mark commits with the first rows it covers.
 */
export function markSearchIndexPending(db: Db): void {
  db.prepare('UPDATE search_index_mode SET pending_from = coalesce(pending_from, (SELECT coalesce(max(seq), 0) + 1 FROM contacts)) WHERE id = 1').run();
}

/** The lowest contact seq still without its search row, or null when every contact is indexed. */
export function searchIndexPendingFrom(db: Db): number | null {
  return db.prepare<[], { pending_from: number | null }>('SELECT pending_from FROM search_index_mode WHERE id = 1').get()?.pending_from ?? null;
}

/** How far a pending build is: contacts indexed so far of those it covers. */
export interface SearchIndexBuild {
  readonly indexed: number;
  readonly total: number;
  readonly done: boolean;
}

/** A build that ends its chunk early when someone else is waiting to write (store/write-priority.ts). */
export interface GiveWay {
  /** Contacts indexed between two looks at `waiting`. */
  readonly step: number;
  /** True when another writer is waiting for the store's write lock. */
  waiting(): boolean;
}

/**
 * Indexes the next `chunk` contact seqs of a pending build (markSearchIndexPending) in one
 * IMMEDIATE transaction with the raised mark, or clears the mark when none are left: call
 * until `done`. With `giveWay` the chunk is written `step` contacts per statement and commits
 * early, mark raised as far as it got, as soon as another writer waits: an agent's save then
 * waits for one step, not a chunk (one statement cannot give way halfway). Every seq from the
 * mark up has no search row (013's triggers skip them), so this only inserts; rows go in seq
 * order, FTS5's cheapest. Returns `done` with nothing to do when no build is pending.
 */
export function buildPendingSearchIndex(db: Db, chunk: number, giveWay?: GiveWay): SearchIndexBuild {
  return db.transaction((): SearchIndexBuild => {
    const from = searchIndexPendingFrom(db);
    if (from === null) return { indexed: 0, total: 0, done: true };
    const end = from + Math.max(1, chunk);
    const step = Math.max(1, giveWay?.step ?? chunk);
    const insert = db.prepare<[number, number]>(
      `INSERT INTO contacts_fts (rowid, name, company, email, phones, notes)
       SELECT seq, name, company, email, phones, notes FROM contact_search_text WHERE seq >= ? AND seq < ? ORDER BY seq`,
    );
    let to = from;
    while (to < end) {
      const next = Math.min(end, to + step);
      insert.run(to, next);
      to = next;
      if (giveWay?.waiting()) break;
    }
    const more = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM contacts WHERE seq >= ?').get(to)?.n ?? 0;
    db.prepare('UPDATE search_index_mode SET pending_from = ? WHERE id = 1').run(more > 0 ? to : null);
    const indexed = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM contacts WHERE seq < ?').get(to)?.n ?? 0;
    return { indexed, total: indexed + more, done: more === 0 };
  }).immediate();
}
