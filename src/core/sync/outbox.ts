import { randomUUID } from 'node:crypto';
import { Mutation } from '../../contract';
import type { Db } from '../store/database';

export interface OutboxRow {
  seq: number;
  mutationId: string;
  mutation: Mutation;
  attempts: number;
}

/**
 * Appends a mutation to the outbox. Call it inside the same db.transaction() as the local change
 * it describes: the change and its outbox row commit together or not at all.
 */
export function enqueueMutation(db: Db, mutation: Mutation, now: Date = new Date()): string {
  if (!db.inTransaction) throw new Error('enqueueMutation must run inside the transaction that makes the change');
  const parsed = Mutation.parse(mutation);
  const mutationId = randomUUID();
  db.prepare('INSERT INTO outbox (mutation_id, kind, payload, created_at) VALUES (?, ?, ?, ?)').run(
    mutationId,
    parsed.kind,
    JSON.stringify(parsed),
    now.toISOString(),
  );
  return mutationId;
}

/** The oldest pending mutations, in the order they were made. */
export function peekOutbox(db: Db, limit: number): OutboxRow[] {
  const rows = db
    .prepare<[number], { seq: number; mutation_id: string; payload: string; attempts: number }>(
      'SELECT seq, mutation_id, payload, attempts FROM outbox ORDER BY seq LIMIT ?',
    )
    .all(limit);
  return rows.map((r) => ({ seq: r.seq, mutationId: r.mutation_id, mutation: Mutation.parse(JSON.parse(r.payload)), attempts: r.attempts }));
}
