import type { ServerMigration } from './index';

export const m003ScriptAnswers: ServerMigration = {
  version: 3,
  name: 'call script answers',
  sql: `
      -- What the agent answered in a call's script, sent once with the call (script.answers).
      CREATE TABLE call_script_answers (
        call_id        uuid PRIMARY KEY REFERENCES calls (id),
        agent_id       uuid NOT NULL REFERENCES agents (id),
        script_id      text NOT NULL,
        script_version int NOT NULL,
        answers        jsonb NOT NULL,
        finished_at    timestamptz NOT NULL,
        received_at    timestamptz NOT NULL DEFAULT now()
      );
    `,
};
