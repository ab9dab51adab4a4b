import { z } from 'zod';
import type { AgentErrorShape } from '../contract';
import type { Sql } from './db';
import { uuids } from './push-batch';

/**
 * Idempotency of pushes: every mutation id a client sent is recorded with its outcome, in the
 * push's transaction, so a retried push is answered from the record and applied once. Records
 * belong to the agent who pushed (migration 009): ids are the workstation's choice, so another
 * agent's record with the same ids must never make this agent's mutation a "duplicate".
 */

/** What was decided for a mutation; a duplicate is answered with the same. */
export type ProcessedOutcome = { status: 'applied' } | { status: 'rejected'; error: AgentErrorShape };

const Processed = z.object({
  mutation_id: z.string(),
  outcome: z.discriminatedUnion('status', [
    z.object({ status: z.literal('applied') }),
    z.object({ status: z.literal('rejected'), error: z.object({ code: z.string(), message: z.string() }) }),
  ]),
});

export interface ProcessedRow {
  mutation_id: string;
  /** The mutation's kind, or 'invalid' for one that did not parse. */
  kind: string;
  outcome: ProcessedOutcome;
}

/** The outcomes already recorded for these ids of this agent's client. */
export async function findProcessed(tx: Sql, agentId: string, clientId: string, mutationIds: readonly string[]): Promise<Map<string, ProcessedOutcome>> {
  const { rows } = await tx.query(
    `SELECT mutation_id::text, outcome FROM processed_mutations
     WHERE agent_id = $1 AND client_id = $2 AND mutation_id IN (SELECT value::uuid FROM jsonb_array_elements_text($3::jsonb))`,
    [agentId, clientId, uuids(mutationIds)],
  );
  // The stored error code was one of ours when it was written.
  return new Map(rows.map((r) => Processed.parse(r)).map((p) => [p.mutation_id, p.outcome as ProcessedOutcome]));
}

/** Records outcomes of mutations not seen before (call in the push's transaction). */
export async function recordProcessed(tx: Sql, agentId: string, clientId: string, rows: readonly ProcessedRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO processed_mutations (client_id, mutation_id, agent_id, kind, outcome)
     SELECT $1::uuid, x.mutation_id, $2::uuid, x.kind, x.outcome FROM jsonb_to_recordset($3::jsonb) AS x(mutation_id uuid, kind text, outcome jsonb)
     ON CONFLICT DO NOTHING`,
    [clientId, agentId, JSON.stringify(rows)],
  );
}
