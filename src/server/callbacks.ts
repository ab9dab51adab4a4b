import { z } from 'zod';
import type { ServerCallback } from '../contract';
import type { Sql } from './db';
import { ISO, markChanged, reject, requireOwn, snapshotWriter, uuids, type Rules, type Writer } from './push-batch';

/** Callbacks in a push: scheduled and closed by the agent who owns them. */

const CallbackRow = z.object({
  callbackId: z.string(),
  agentId: z.string(),
  contactId: z.string(),
  callId: z.string().nullable(),
  dueAt: z.string(),
  note: z.string(),
  createdAt: z.string(),
  status: z.enum(['scheduled', 'done', 'cancelled']),
});

export async function loadCallbacks(tx: Sql, ids: ReadonlySet<string>, into: Map<string, ServerCallback>): Promise<void> {
  if (ids.size === 0) return;
  const { rows } = await tx.query(
    `SELECT id::text AS "callbackId", agent_id::text AS "agentId", contact_id::text AS "contactId", call_id::text AS "callId",
            ${ISO('due_at')} AS "dueAt", note, ${ISO('created_at')} AS "createdAt", status
     FROM callbacks WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb)) ORDER BY id FOR UPDATE`,
    [uuids(ids)],
  );
  for (const raw of rows) {
    const r = CallbackRow.parse(raw);
    into.set(r.callbackId, r);
  }
}

export const callbackRules: Rules<'callback.schedule' | 'callback.status'> = {
  'callback.schedule': {
    load: (m, rows) => rows.callbacks.add(m.callbackId),
    apply: (b, m) => {
      const existing = b.callbacks.get(m.callbackId);
      requireOwn(existing, b, 'This callback belongs to another agent.');
      b.callbacks.set(m.callbackId, {
        callbackId: m.callbackId,
        agentId: b.agentId,
        contactId: m.contactId,
        callId: m.callId,
        dueAt: m.dueAt,
        note: m.note,
        createdAt: existing?.createdAt ?? b.now,
        status: existing?.status ?? 'scheduled',
      });
      markChanged(b, 'callback', m.callbackId);
    },
  },
  'callback.status': {
    load: (m, rows) => rows.callbacks.add(m.callbackId),
    apply: (b, m) => {
      const existing = b.callbacks.get(m.callbackId) ?? reject('NOT_FOUND', 'The callback is not on the server.');
      requireOwn(existing, b, 'An agent can only close their own callbacks.');
      // The same close sent again (another mutation id, e.g. from a restored outbox) changes nothing.
      if (existing.status === m.status) return;
      if (existing.status !== 'scheduled') reject('CONFLICT', `The callback is already ${existing.status}.`);
      b.callbacks.set(m.callbackId, { ...existing, status: m.status });
      markChanged(b, 'callback', m.callbackId);
    },
  },
};

export const writeCallbacks: Writer = snapshotWriter({
  name: 'callback',
  lookup: (b, id) => b.callbacks.get(id),
  sql: `INSERT INTO callbacks (id, agent_id, contact_id, call_id, due_at, note, created_at, status)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS x("callbackId" uuid, "agentId" uuid, "contactId" uuid, "callId" uuid,
       "dueAt" timestamptz, note text, "createdAt" timestamptz, status text)
     ON CONFLICT (id) DO UPDATE SET contact_id = excluded.contact_id, call_id = excluded.call_id, due_at = excluded.due_at, note = excluded.note,
       status = excluded.status,
       status_at = CASE WHEN callbacks.status IS DISTINCT FROM excluded.status THEN now() ELSE callbacks.status_at END`,
  audience: (b) => b.agentId,
  change: (callback) => ({ entity: 'callback', callback }),
});
