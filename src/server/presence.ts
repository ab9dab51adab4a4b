import type { Sql } from './db';
import type { Batch, Rules } from './push-batch';

/** Presence in a push: the agent's latest state, for supervisors; it is not pulled by agents. */

export const presenceRules: Rules<'presence.set'> = {
  'presence.set': {
    apply: (b, m) => {
      b.presence = { state: m.state, reason: m.reason, since: m.since };
    },
  },
};

export async function writePresence(tx: Sql, b: Batch): Promise<void> {
  if (!b.presence) return;
  await tx.query(
    `INSERT INTO presence (agent_id, state, reason, since) VALUES ($1, $2, $3, $4)
     ON CONFLICT (agent_id) DO UPDATE SET state = excluded.state, reason = excluded.reason, since = excluded.since, updated_at = now()`,
    [b.agentId, b.presence.state, b.presence.reason, b.presence.since],
  );
  // The history the team KPIs read (console/kpis.ts); a retried push is answered before it gets here.
  await tx.query('INSERT INTO presence_history (agent_id, state, reason, since) VALUES ($1, $2, $3, $4)', [b.agentId, b.presence.state, b.presence.reason, b.presence.since]);
}
