import type { Db } from './database';

/**
 * Who copies the store's write-ahead log back into the database file, and when.
 *
 * SQLite's own rule (autocheckpoint) runs a checkpoint inside whichever commit leaves the WAL
 * over a threshold, on that connection's thread. For the core's connection that thread is the
 * host's event loop; for a large pull it is the pull worker, where a checkpoint after every
 * pulled page copies back the thousands of pages each page's random uuids touched, only for the
 * next page to touch most of them again.
 *
 * So: while the pull worker is usable, the core's connection never checkpoints
 * (`leaveCheckpointsToWorker`) and the worker does: its own commits by SQLite's rule, and what
 * the core wrote every WORKER_CHECKPOINT_INTERVAL_MS (`checkpoint`); a large pull turns the worker's own autocheckpoint off and
 * checkpoints every BULK_CHECKPOINT_EVERY_CHANGES pulled changes instead (`beginBulkWrite`). A checkpoint
 * only copies committed frames: a SIGKILL at any point loses nothing the WAL holds.
 */

/**
 * WAL pages after which a commit checkpoints, for a connection that checkpoints for itself (the
 * core's when there is no usable pull worker). SQLite's default (1000 pages, ~4 MB) made 12% of
 * an initial sync's page applies exceed main's ~50 ms budget (100,000 contacts, 2 cores); at 200
 * pages, 3.7%. Day-to-day saves checkpoint more often, each one five times smaller.
 */
export const AUTOCHECKPOINT_PAGES = 200;

/**
 * Pulled changes between the worker's checkpoints in a large pull. Measured
 * (bench/first-sync-store.ts, 200,000 synthetic contacts into an encrypted store, quiet 2-core
 * machine): in pages of 5,000, 11.8 s to apply with a checkpoint in every commit, 7.4 s with
 * one every 40,000 changes, 6.2 s with none until the end (which then costs 2.1 s instead of
 * 0.6 s, and lets the WAL grow to the size of the book); in transactions of 20,000, 6.0 s with
 * one every 20,000, 5.1–5.2 s every 40,000 or 80,000, but every 80,000 leaves the index build
 * 0.6 s and the last checkpoint 0.3 s slower.
 */
export const BULK_CHECKPOINT_EVERY_CHANGES = 40_000;

/**
 * The worker's page cache during a large pull, in KiB (SQLite's negative cache_size). With the
 * store's usual 32 MB the search index build of 200,000 contacts took 4.4 s, with 128 MB 2.9 s
 * (same bench): FTS5 merges segments that no longer fit. Given back when the pull ends.
 */
export const BULK_CACHE_KIB = 128 * 1024;

/** How often the worker checkpoints what the core's connection wrote meanwhile (the agent's saves). */
export const WORKER_CHECKPOINT_INTERVAL_MS = 30_000;

/** Copies what it can of the WAL into the database file without waiting for anyone (PASSIVE). */
export function checkpoint(db: Db): void {
  db.pragma('wal_checkpoint(PASSIVE)');
}

/** The core's connection stops checkpointing (`worker` true: the pull worker does it) or does it itself again. */
export function leaveCheckpointsToWorker(db: Db, worker: boolean): void {
  if (db.open) db.pragma(`wal_autocheckpoint = ${worker ? 0 : AUTOCHECKPOINT_PAGES}`);
}

/** A large pull's writes on one connection: see beginBulkWrite. */
export interface BulkWrite {
  /** Call after each committed page (or pages merged into one) with its changes: checkpoints every BULK_CHECKPOINT_EVERY_CHANGES. */
  committed(changes: number): void;
  /**
   * Restores the connection's settings, and checkpoints the rest unless `checkpoint` is false:
   * the caller then runs it itself once the pull's result is out (the pull worker: its thread is
   * free then, and the agent is not waiting on it).
   */
  end(checkpoint?: boolean): void;
}

/**
 * Turns `db`'s autocheckpoint off and its cache up for a large pull; the returned BulkWrite
 * checkpoints every few pages and puts both back at its end.
 */
export function beginBulkWrite(db: Db): BulkWrite {
  const autocheckpoint = Number(db.pragma('wal_autocheckpoint', { simple: true }));
  const cacheSize = Number(db.pragma('cache_size', { simple: true }));
  db.pragma('wal_autocheckpoint = 0');
  db.pragma(`cache_size = -${BULK_CACHE_KIB}`);
  let sinceCheckpoint = 0;
  let ended = false;
  return {
    committed(changes) {
      sinceCheckpoint += changes;
      if (sinceCheckpoint < BULK_CHECKPOINT_EVERY_CHANGES) return;
      sinceCheckpoint = 0;
      checkpoint(db);
    },
    end(checkpointNow = true) {
      if (ended || !db.open) return;
      ended = true;
      if (checkpointNow) checkpoint(db);
      db.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
      db.pragma(`cache_size = ${cacheSize}`);
    },
  };
}
