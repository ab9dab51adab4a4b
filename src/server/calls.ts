import { z } from 'zod';
import { CallOutcome, type ServerCall } from '../contract';
import type { Sql } from './db';
import { ISO, markChanged, reject, requireOwn, snapshotWriter, uuids, type Batch, type Rules, type Writer } from './push-batch';

/** Calls in a push: each agent's own call log, seen only by that agent. */

const CallRow = z.object({
  id: z.string(),
  agent_id: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  local_number: z.string(),
  remote_number: z.string(),
  contact_id: z.string().nullable(),
  started_at: z.string(),
  answered_at: z.string().nullable(),
  ended_at: z.string().nullable(),
  end_cause: z.string().nullable(),
  campaign_id: z.string().nullable(),
  hold_seconds: z.number().int(),
  outcome: CallOutcome.nullable(),
});

export async function loadCalls(tx: Sql, ids: ReadonlySet<string>, into: Map<string, ServerCall>): Promise<void> {
  if (ids.size === 0) return;
  const { rows } = await tx.query(
    `SELECT id::text, agent_id::text, direction, local_number, remote_number, contact_id::text,
            ${ISO('started_at')} AS started_at, ${ISO('answered_at')} AS answered_at, ${ISO('ended_at')} AS ended_at, end_cause, campaign_id, hold_seconds, outcome
     FROM calls WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb)) ORDER BY id FOR UPDATE`,
    [uuids(ids)],
  );
  for (const raw of rows) {
    const r = CallRow.parse(raw);
    into.set(r.id, {
      callId: r.id,
      agentId: r.agent_id,
      direction: r.direction,
      localNumber: r.local_number,
      remoteNumber: r.remote_number,
      contactId: r.contact_id,
      startedAt: r.started_at,
      answeredAt: r.answered_at,
      endedAt: r.ended_at,
      endCause: r.end_cause,
      campaignId: r.campaign_id,
      holdSeconds: r.hold_seconds,
      outcome: r.outcome,
    });
  }
}

/** The agent's own call that a mutation hangs off (a disposition, script answers), or a typed refusal. */
export function requireOwnCall(b: Batch, callId: string, notFound: string, forbidden: string): ServerCall {
  const call = b.calls.get(callId) ?? reject('NOT_FOUND', notFound);
  requireOwn(call, b, forbidden);
  return call;
}

export const callRules: Rules<'call.upsert'> = {
  'call.upsert': {
    load: (m, rows) => rows.calls.add(m.callId),
    apply: (b, m) => {
      const existing = b.calls.get(m.callId);
      requireOwn(existing, b, 'This call belongs to another agent.');
      // Lifecycle stamps only move forward: a late retry of an earlier state never erases one.
      b.calls.set(m.callId, {
        callId: m.callId,
        agentId: b.agentId,
        direction: m.direction,
        localNumber: m.localNumber,
        remoteNumber: m.remoteNumber,
        contactId: m.contactId ?? existing?.contactId ?? null,
        startedAt: m.startedAt,
        answeredAt: m.answeredAt ?? existing?.answeredAt ?? null,
        endedAt: m.endedAt ?? existing?.endedAt ?? null,
        endCause: m.endCause ?? existing?.endCause ?? null,
        campaignId: m.campaignId ?? existing?.campaignId ?? null,
        // Hold time only grows over a call's life, so a late retry never shrinks it.
        holdSeconds: Math.max(m.holdSeconds ?? 0, existing?.holdSeconds ?? 0),
        // Set once, with the end; a late retry of a live state (or an older client) never erases it.
        outcome: m.outcome ?? existing?.outcome ?? null,
      });
      markChanged(b, 'call', m.callId);
    },
  },
};

export const writeCalls: Writer = snapshotWriter({
  name: 'call',
  lookup: (b, id) => b.calls.get(id),
  sql: `INSERT INTO calls (id, agent_id, direction, local_number, remote_number, contact_id, started_at, answered_at, ended_at, end_cause, campaign_id, hold_seconds, outcome, updated_at)
     SELECT x.*, now() FROM jsonb_to_recordset($1::jsonb) AS x("callId" uuid, "agentId" uuid, direction text, "localNumber" text,
       "remoteNumber" text, "contactId" uuid, "startedAt" timestamptz, "answeredAt" timestamptz, "endedAt" timestamptz, "endCause" text, "campaignId" text, "holdSeconds" int, outcome text)
     ON CONFLICT (id) DO UPDATE SET direction = excluded.direction, local_number = excluded.local_number, remote_number = excluded.remote_number,
       contact_id = excluded.contact_id, started_at = excluded.started_at, answered_at = excluded.answered_at, ended_at = excluded.ended_at,
       end_cause = excluded.end_cause, campaign_id = excluded.campaign_id, hold_seconds = excluded.hold_seconds, outcome = excluded.outcome, updated_at = now()`,
  audience: (b) => b.agentId,
  change: (call) => ({ entity: 'call', call }),
});
