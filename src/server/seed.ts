import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ContactFields, Id, type Mutation } from '../contract';
import { createAgent } from './auth';
import { createConsoleAccount } from './console/console-accounts';
import { addAgentToTeam, addSupervisorToTeam, createTeam } from './console/teams';
import { seedCampaigns } from './campaigns';
import { inChangeTransaction, maxVersion } from './change-log';
import type { SyncDb } from './db';
import { DEMO_AGENT, DEMO_SUPERVISOR, DEMO_TEAM } from './demo-accounts';
import { push } from './push';

/** A stable uuid from a name, so seeding twice is a duplicate push, not twice the data. */
export function nameUuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Publishes a call script version; every agent pulls the newest. */
export async function publishScript(db: SyncDb, script: { id: string; version: number; name: string; body: string }): Promise<void> {
  await inChangeTransaction(db, async (tx) => {
    const { rows } = await tx.query<{ published: string }>(
      `INSERT INTO scripts (id, version, name, body) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id, version) DO UPDATE SET name = excluded.name, body = excluded.body
       RETURNING to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS published`,
      [script.id, script.version, script.name, script.body],
    );
    const updatedAt = z.string().parse(rows[0]?.published);
    const logged = await tx.query<{ v: string }>(
      `INSERT INTO change_log (version, entity, entity_id, audience, payload)
       SELECT nextval('change_version'), 'script', $1, NULL, $2::jsonb
       WHERE NOT EXISTS (SELECT 1 FROM scripts WHERE id = $1 AND version > $3)
       ON CONFLICT (entity, entity_id) DO UPDATE SET version = excluded.version, payload = excluded.payload
       RETURNING version::text AS v`,
      [script.id, JSON.stringify({ entity: 'script', script: { ...script, updatedAt } }), script.version],
    );
    // Publishing an older version again logs nothing: agents keep the newest.
    return maxVersion(logged.rows);
  });
}

const DemoContact = ContactFields.extend({ id: Id });
const DemoScript = z.looseObject({ id: z.string(), version: z.number().int().positive(), name: z.string() });

export { DEMO_AGENT, DEMO_SUPERVISOR, DEMO_TEAM } from './demo-accounts';

/**
 * The demo profile's server data: the demo agent, their team and its lead (the console's demo), the demo contacts (pushed as that agent, so
 * they go through the same rules as any client's), the demo call scripts, and the campaigns with
 * their lead lists and do-not-call numbers.
 */
export async function seedDemo(db: SyncDb, resourcesDir: string): Promise<void> {
  const agent = await createAgent(db, { ...DEMO_AGENT, id: nameUuid('agent:demo') });
  const contacts = z.array(DemoContact).parse(JSON.parse(fs.readFileSync(path.join(resourcesDir, 'contacts.json'), 'utf8')));
  const clientId = nameUuid('client:demo-seed');
  for (let i = 0; i < contacts.length; i += 500) {
    const mutations = contacts.slice(i, i + 500).map(({ id, ...fields }) => ({
      mutationId: nameUuid(`seed:contact:${id}`),
      mutation: { kind: 'contact.create', contactId: id, fields } satisfies Mutation,
    }));
    await push(db, agent.id, { clientId, mutations });
  }
  const scriptsDir = path.join(resourcesDir, 'scripts');
  for (const file of fs.existsSync(scriptsDir) ? fs.readdirSync(scriptsDir).filter((f) => f.endsWith('.json')) : []) {
    const body = fs.readFileSync(path.join(scriptsDir, file), 'utf8');
    const meta = DemoScript.parse(JSON.parse(body));
    await publishScript(db, { id: meta.id, version: meta.version, name: meta.name, body });
  }
  // After the contacts: every lead names one.
  await seedCampaigns(db, resourcesDir);
  await createTeam(db, { name: DEMO_TEAM, timeZone: 'Asia/Karachi', clientTimeZone: 'America/New_York', id: nameUuid('team:demo') });
  await createConsoleAccount(db, { ...DEMO_SUPERVISOR, role: 'supervisor', id: nameUuid('supervisor:lead') });
  await addAgentToTeam(db, DEMO_TEAM, DEMO_AGENT.username);
  await addSupervisorToTeam(db, DEMO_TEAM, DEMO_SUPERVISOR.username);
}

/**
 * n synthetic contacts written set-wise in one transaction, for benchmarks: the same rows and
 * change-log snapshots a push would write, without n mutations' worth of round trips.
 */
export async function seedSyntheticContacts(db: SyncDb, n: number, prefix = 'bench'): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `CREATE TEMP TABLE seed_contacts ON COMMIT DROP AS
       -- md5 shaped as a version-4 uuid: clients validate ids strictly.
       SELECT g, overlay(overlay(md5($2 || g) placing '4' from 13) placing 'a' from 17)::uuid AS id, nextval('change_version') AS v,
              'First' || g AS first_name, 'Last' || (g % 997) AS last_name, 'Company ' || (g % 211) AS company,
              'user' || g || '@example.com' AS email, '+92300' || lpad(g::text, 7, '0') AS phone
       FROM generate_series(1, $1::int) g`,
      [n, prefix],
    );
    await tx.query(
      `INSERT INTO contacts (id, first_name, last_name, company, email, timezone, do_not_call, field_meta, version, created_at, updated_at)
       SELECT id, first_name, last_name, company, email, 'Asia/Karachi', false,
              (SELECT jsonb_object_agg(f, jsonb_build_object('v', v, 'c', null, 'a', null))
                 FROM unnest(ARRAY['firstName','lastName','company','email','phones','timezone','doNotCall']) f),
              v, now(), now()
       FROM seed_contacts`,
    );
    await tx.query(`INSERT INTO contact_phones (contact_id, position, label, number) SELECT id, 0, 'mobile', phone FROM seed_contacts`);
    await tx.query(
      `INSERT INTO change_log (version, entity, entity_id, audience, payload)
       SELECT v, 'contact', id::text, NULL, jsonb_build_object('entity', 'contact', 'contact', jsonb_build_object(
         'id', id,
         'fields', jsonb_build_object('firstName', first_name, 'lastName', last_name, 'company', company, 'email', email,
                    'phones', jsonb_build_array(jsonb_build_object('label', 'mobile', 'number', phone)),
                    'timezone', 'Asia/Karachi', 'doNotCall', false),
         'fieldVersions', jsonb_build_object('firstName', v, 'lastName', v, 'company', v, 'email', v, 'phones', v, 'timezone', v, 'doNotCall', v),
         'createdAt', '2026-01-01T00:00:00.000Z', 'updatedAt', '2026-01-01T00:00:00.000Z'))
       FROM seed_contacts`,
    );
  });
  // Planner statistics for the bulk rows now, as autovacuum would within a minute or so: with
  // stale ones a pull right after (a benchmark's first sync) gets a bitmap scan and a sort of the
  // whole log per page instead of an ordered index range (measured: 560 ms against 18 ms per page
  // of 1,000 at 200,000 contacts).
  await db.query('ANALYZE change_log, contacts, contact_phones');
}
