import { requireOwnCall } from './calls';
import type { Sql } from './db';
import type { Rules } from './push-batch';

/** One call's script answers as the server keeps them (table call_script_answers, migration 3). */
export interface ScriptAnswersRow {
  callId: string;
  agentId: string;
  scriptId: string;
  scriptVersion: number;
  answers: Record<string, string>;
  finishedAt: string;
}

export const scriptAnswerRules: Rules<'script.answers'> = {
  'script.answers': {
    load: (m, rows) => rows.calls.add(m.callId),
    apply: (b, m) => {
      requireOwnCall(b, m.callId, 'The call these script answers are for is not on the server.', "Script answers can only be stored for the agent's own call.");
      const { callId, scriptId, scriptVersion, answers, finishedAt } = m;
      b.scriptAnswers.set(callId, { callId, agentId: b.agentId, scriptId, scriptVersion, answers, finishedAt });
    },
  },
};

/**
 * Writes the script answers a push accepted, in the push's transaction. The mutation ids make a
 * retried push a duplicate before it gets here; a later finish of the same call (a second
 * mutation) replaces the answers, so the row is always the agent's last word on the call.
 */
export async function writeScriptAnswers(tx: Sql, rows: ReadonlyMap<string, ScriptAnswersRow>): Promise<void> {
  if (rows.size === 0) return;
  await tx.query(
    `INSERT INTO call_script_answers (call_id, agent_id, script_id, script_version, answers, finished_at)
     SELECT x."callId", x."agentId", x."scriptId", x."scriptVersion", x.answers, x."finishedAt"
     FROM jsonb_to_recordset($1::jsonb) AS x("callId" uuid, "agentId" uuid, "scriptId" text, "scriptVersion" int, answers jsonb, "finishedAt" timestamptz)
     ON CONFLICT (call_id) DO UPDATE SET script_id = excluded.script_id, script_version = excluded.script_version,
       answers = excluded.answers, finished_at = excluded.finished_at, received_at = now()`,
    [JSON.stringify([...rows.values()])],
  );
}
