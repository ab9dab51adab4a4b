import type { ServerMigration } from './index';

export const m009ProcessedMutationsPerAgent: ServerMigration = {
  version: 9,
  name: 'processed mutations keyed by agent',
  sql: `
      -- A client id and mutation id are chosen by the workstation, so one agent could record
      -- another's future ids and have that agent's later mutations answered as duplicates and
      -- never applied (issue 15 A7). Each agent now has its own space of processed ids: a push
      -- is deduplicated only against what the same agent sent. Agents who share a workstation
      -- (and so a client id) keep separate records too.
      ALTER TABLE processed_mutations DROP CONSTRAINT processed_mutations_pkey;
      ALTER TABLE processed_mutations ADD PRIMARY KEY (agent_id, client_id, mutation_id);
    `,
};
