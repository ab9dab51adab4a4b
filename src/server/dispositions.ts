import { requireOwnCall } from './calls';
import { markChanged, snapshotWriter, type Rules, type Writer } from './push-batch';

/** Dispositions in a push: one per call, set by the agent who took it. */

export const dispositionRules: Rules<'disposition.set'> = {
  'disposition.set': {
    load: (m, rows) => rows.calls.add(m.callId),
    apply: (b, m) => {
      requireOwnCall(b, m.callId, 'The call this disposition is for is not on the server.', "A disposition can only be set on the agent's own call.");
      b.dispositions.set(m.callId, { callId: m.callId, agentId: b.agentId, code: m.code, createdAt: m.createdAt });
      markChanged(b, 'disposition', m.callId);
    },
  },
};

export const writeDispositions: Writer = snapshotWriter({
  name: 'disposition',
  lookup: (b, id) => b.dispositions.get(id),
  sql: `INSERT INTO dispositions (call_id, agent_id, code, created_at)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS x("callId" uuid, "agentId" uuid, code text, "createdAt" timestamptz)
     ON CONFLICT (call_id) DO UPDATE SET code = excluded.code, created_at = excluded.created_at`,
  audience: (b) => b.agentId,
  change: (disposition) => ({ entity: 'disposition', disposition }),
});
