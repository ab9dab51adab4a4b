import { z } from 'zod';
import type { Sql } from './db';
import { markChanged, reject, requireOwn, snapshotWriter, uuids, type Rules, type Writer } from './push-batch';

/** Notes in a push: append-only, about a call or a contact. */

export async function loadNotes(tx: Sql, ids: ReadonlySet<string>, into: Set<string>): Promise<void> {
  if (ids.size === 0) return;
  const { rows } = await tx.query<{ id: string }>('SELECT id::text FROM notes WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))', [uuids(ids)]);
  for (const r of rows) into.add(z.string().parse(r.id));
}

export const noteRules: Rules<'note.append'> = {
  'note.append': {
    load: (m, rows) => {
      rows.notes.add(m.noteId);
      if (m.callId) rows.calls.add(m.callId);
    },
    apply: (b, m) => {
      if (b.existingNotes.has(m.noteId) || b.newNotes.has(m.noteId)) reject('CONFLICT', 'Notes are append-only: a note with this id already exists.');
      if (m.callId === null && m.contactId === null) reject('INVALID_INPUT', 'A note must be about a call or a contact.');
      requireOwn(m.callId ? b.calls.get(m.callId) : undefined, b, "A note can only be added to the agent's own call.");
      b.newNotes.set(m.noteId, { noteId: m.noteId, agentId: b.agentId, callId: m.callId, contactId: m.contactId, body: m.body, createdAt: m.createdAt });
      markChanged(b, 'note', m.noteId);
    },
  },
};

export const writeNotes: Writer = snapshotWriter({
  name: 'note',
  lookup: (b, id) => b.newNotes.get(id),
  sql: `INSERT INTO notes (id, agent_id, call_id, contact_id, body, created_at)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS x("noteId" uuid, "agentId" uuid, "callId" uuid, "contactId" uuid, body text, "createdAt" timestamptz)`,
  // A note about a contact is part of that contact's record for every agent.
  audience: (b, note) => (note.contactId ? null : b.agentId),
  change: (note) => ({ entity: 'note', note }),
});
