import { randomUUID } from 'node:crypto';
import { Mutation } from '../../contract';
import type { Db } from '../store/database';

/** One queued mutation as stored. `mutation` is null when the stored payload is not a valid mutation (only a bug writes one). */
export interface OutboxRow {
  seq: number;
  mutationId: string;
  kind: string;
  /** The stored JSON, as sent: its length is what a push batch counts. */
  payload: string;
  mutation: Mutation | null;
  attempts: number;
}

const writers = new WeakMap<Db, Outbox>();

/**
 * The outbox writer: the one place where "an outbox row is written ⇒ push soon" lives. Every
 * local change that the server must hear of runs through `write()`, which runs the change and
 * its outbox rows in one transaction and, after the outermost commit, announces once to its
 * listeners (the sync engine's "push soon", the status bar's pending count). A rollback
 * announces nothing.
 *
 * There is one writer per connection (`Outbox.for(db)`): nested writes share its depth, so an
 * inner write inside an outer one does not announce before the outer one commits.
 */
export class Outbox {
  private readonly listeners = new Set<() => void>();
  private depth = 0;
  private queued = false;
  private readonly s;

  private constructor(private readonly db: Db) {
    this.s = {
      insert: db.prepare<[string, string, string, string]>('INSERT INTO outbox (mutation_id, kind, payload, created_at) VALUES (?, ?, ?, ?)'),
      peek: db.prepare<[number], { seq: number; mutation_id: string; kind: string; payload: string; attempts: number }>(
        'SELECT seq, mutation_id, kind, payload, attempts FROM outbox ORDER BY seq LIMIT ?',
      ),
      pending: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM outbox'),
    };
  }

  /** The writer of this connection. */
  static for(db: Db): Outbox {
    let writer = writers.get(db);
    if (!writer) {
      writer = new Outbox(db);
      writers.set(db, writer);
    }
    return writer;
  }

  /**
   * Runs `change` in one transaction (a savepoint when nested in another write) and returns its
   * result. If it queued a mutation, listeners hear of it once, after the outermost commit. It
   * must be the outermost transaction: a plain db.transaction() around it would commit after
   * the announcement, so that throws.
   */
  write<T>(change: () => T): T {
    if (this.depth === 0 && this.db.inTransaction) {
      throw new Error('An outbox write must not run inside a plain db.transaction(): make the outer one an outbox write.');
    }
    const queuedBefore = this.queued;
    this.depth++;
    let result: T;
    try {
      result = this.db.transaction(change).immediate();
    } catch (err) {
      // This level's rows were rolled back with it.
      this.queued = queuedBefore;
      throw err;
    } finally {
      this.depth--;
    }
    if (this.depth === 0 && this.queued) {
      this.queued = false;
      for (const l of [...this.listeners]) l();
    }
    return result;
  }

  /**
   * Appends a mutation to the outbox; only inside `write()`, so the change and its row commit
   * together or not at all. Returns the mutation id the server deduplicates by.
   */
  queue(mutation: Mutation, now: Date = new Date()): string {
    if (this.depth === 0) throw new Error('Outbox.queue must run inside Outbox.write, with the change it describes');
    const parsed = Mutation.parse(mutation);
    const mutationId = randomUUID();
    this.s.insert.run(mutationId, parsed.kind, JSON.stringify(parsed), now.toISOString());
    this.queued = true;
    return mutationId;
  }

  /** Calls `listener` after each committed write that queued mutations; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The oldest pending mutations, in the order they were made (all of them without a limit). */
  peek(limit = -1): OutboxRow[] {
    return this.s.peek.all(limit).map((r) => ({
      seq: r.seq,
      mutationId: r.mutation_id,
      kind: r.kind,
      payload: r.payload,
      mutation: parseStored(r.payload),
      attempts: r.attempts,
    }));
  }

  /** How many mutations wait for the server. */
  pending(): number {
    return this.s.pending.get()?.n ?? 0;
  }
}

function parseStored(payload: string): Mutation | null {
  try {
    const parsed = Mutation.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
