/**
 * The sync server without a global push lock, against real PostgreSQL: agents push and pull at
 * once, edit the same contacts concurrently, retry pushes whose answers were lost, send one
 * push twice at once, hold a push transaction open while later ones commit, and lose a push
 * mid-transaction (its backend terminated, as when a server instance dies). Each scenario is a
 * seeded random plan; the interleaving is whatever the database makes of it. Checked after
 * every run: each puller holds every change it may see, at its newest version, and was never
 * handed one version of a change twice; every contact field's edits form one chain of merges
 * (each edit replaced exactly the value before it); every mutation applied exactly once.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PullResponse, type Change, type ContactField, type Mutation, type PullCursor, type PushOutcome } from '../../src/contract';
import { silentLogger } from '../../src/core/log';
import { createAgent } from '../../src/server/auth';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { migrateServer, serverMigrations } from '../../src/server/migrations';
import { pullPage } from '../../src/server/pull';
import { push } from '../../src/server/push';
import { seededRandom } from '../support/fault-proxy';
import { createTestDatabase } from '../support/sync-postgres';

const SHARED_FIELDS = ['company', 'lastName'] as const satisfies readonly ContactField[];

interface Workstation {
  agentId: string;
  clientId: string;
  cursor: PullCursor;
  /** Newest version held per entity ("entity:id"). */
  held: Map<string, number>;
  /** Every (entity, id, version) handed to this puller: one twice is a duplicate. */
  delivered: Set<string>;
  contacts: Map<string, Record<string, unknown>>;
}

function entityKey(c: Change): string {
  switch (c.entity) {
    case 'contact':
      return `contact:${c.contact.id}`;
    case 'contact.history':
      return `contact.history:${c.entry.id}`;
    case 'call':
      return `call:${c.call.callId}`;
    case 'note':
      return `note:${c.note.noteId}`;
    default:
      return `${c.entity}:?`;
  }
}

async function pullToEnd(db: SyncDb, ws: Workstation, limit: number): Promise<void> {
  for (;;) {
    const page = PullResponse.parse(JSON.parse(await pullPage(db, ws.agentId, { cursor: String(ws.cursor), limit })));
    for (const change of page.changes) {
      const key = entityKey(change);
      const delivery = `${key}@${change.version}`;
      if (ws.delivered.has(delivery)) throw new Error(`${delivery} was handed to ${ws.agentId} twice`);
      ws.delivered.add(delivery);
      ws.held.set(key, change.version);
      if (change.entity === 'contact') ws.contacts.set(change.contact.id, change.contact.fields);
    }
    ws.cursor = page.cursor;
    if (!page.hasMore) return;
  }
}

type Batch = Array<{ mutationId: string; mutation: Mutation }>;

describe('sync server under concurrent pushes and pulls', () => {
  let db: SyncDb;
  let url: string;
  const admins: pg.Client[] = [];

  beforeAll(async () => {
    url = await createTestDatabase('concurrency');
    db = connectPostgres(url, silentLogger, 24);
    await migrateServer(db);
  });

  afterAll(async () => {
    for (const c of admins) await c.end().catch(() => undefined);
    await db?.close();
  });

  const admin = async () => {
    const c = new pg.Client({ connectionString: url });
    c.on('error', () => undefined);
    await c.connect();
    admins.push(c);
    return c;
  };

  /** Waits (by asking PostgreSQL, no timer) until some backend is blocked by `blocker`; returns its pid. */
  async function blockedBy(watch: pg.Client, blocker: number): Promise<number> {
    for (;;) {
      const { rows } = await watch.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [blocker]);
      if (rows[0]) return rows[0].pid;
    }
  }

  for (const seed of [1, 7, 2026]) {
    it(`every puller gets every change exactly once and every merge chains (seed ${seed})`, async () => {
      const rnd = seededRandom(seed);
      const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
      const agents = await Promise.all(
        Array.from({ length: 6 }, (_, i) => createAgent(db, { username: `s${seed}-agent${i}`, displayName: `Agent ${i}`, password: 'pw-pw-pw-pw' })),
      );
      const stations: Workstation[] = agents.map((a) => ({ agentId: a.id, clientId: randomUUID(), cursor: 0, held: new Map(), delivered: new Set(), contacts: new Map() }));
      const [creator, ...editors] = stations as [Workstation, ...Workstation[]];
      const contactIds = Array.from({ length: 3 }, () => randomUUID());
      const initial = (id: string) => ({ company: `initial-${id}`, lastName: `initial-${id}` });
      const created = await push(db, creator.agentId, {
        clientId: creator.clientId,
        mutations: contactIds.map((id) => ({
          mutationId: randomUUID(),
          mutation: { kind: 'contact.create', contactId: id, fields: { firstName: 'Ayesha', email: '', phones: [], timezone: 'Asia/Karachi', doNotCall: false, ...initial(id) } },
        })),
      });
      expect(created.every((o) => o.status === 'applied')).toBe(true);

      // What each editor will do, drawn from the seed before anything runs.
      const applied = new Map<string, string>(); // mutationId → "contact:field=value" or "row"
      const written = new Map<string, { key: string; value: string }>();
      const plans = editors.map((ws, n) => {
        const edits = contactIds.flatMap((c) => SHARED_FIELDS.map((f) => ({ c, f })));
        const steps: Array<{ op: 'edit' | 'row' | 'pull' | 'retry' | 'twin' | 'held' | 'killed'; batch: Batch }> = [];
        for (let i = 0; i < 10; i++) {
          const op = pick(['edit', 'edit', 'row', 'pull', 'retry', 'twin', 'held', 'killed'] as const);
          const batch: Batch = [];
          const size = 1 + Math.floor(rnd() * 3);
          for (let k = 0; k < size; k++) {
            const edit = edits.length > 0 && rnd() < 0.6 ? edits.splice(Math.floor(rnd() * edits.length), 1)[0] : undefined;
            const mutationId = randomUUID();
            if (edit) {
              const value = `agent${n + 1}-${edit.f}-${i}-${k}`;
              written.set(mutationId, { key: `${edit.c}:${edit.f}`, value });
              // baseVersion 0: every edit is concurrent with every other, so each one replaces a
              // value someone else wrote and leaves it in the contact's history.
              batch.push({ mutationId, mutation: { kind: 'contact.update', contactId: edit.c, changes: [{ field: edit.f, value, baseVersion: 0 }] } });
            } else if (rnd() < 0.5) {
              const callId = randomUUID();
              batch.push({
                mutationId,
                mutation: { kind: 'call.upsert', callId, direction: 'outbound', localNumber: '100', remoteNumber: '+923001234567', contactId: pick(contactIds), startedAt: new Date().toISOString(), answeredAt: null, endedAt: null, endCause: null },
              });
            } else {
              batch.push({ mutationId, mutation: { kind: 'note.append', noteId: randomUUID(), callId: null, contactId: pick(contactIds), body: `note ${n}-${i}-${k}`, createdAt: new Date().toISOString() } });
            }
          }
          steps.push({ op, batch });
        }
        return { ws, steps };
      });

      const record = (batch: Batch, outcomes: PushOutcome[]) => {
        for (const o of outcomes) {
          if (o.status === 'rejected') throw new Error(`${o.mutationId} rejected: ${o.error.code} ${o.error.message}`);
          if (o.status === 'applied') {
            if (applied.has(o.mutationId)) throw new Error(`${o.mutationId} applied twice`);
            applied.set(o.mutationId, 'applied');
          }
        }
        expect(outcomes.map((o) => o.mutationId)).toEqual(batch.map((m) => m.mutationId));
      };
      const send = (ws: Workstation, batch: Batch) => push(db, ws.agentId, { clientId: ws.clientId, mutations: batch });

      await Promise.all(
        plans.map(async ({ ws, steps }) => {
          const watch = await admin();
          for (const { op, batch } of steps) {
            if (op === 'pull') {
              await pullToEnd(db, ws, pick([3, 50]));
            } else if (op === 'edit' || op === 'row') {
              record(batch, await send(ws, batch));
            } else if (op === 'retry') {
              // The answer was lost: the client sends the same mutations again and gets them back as duplicates.
              record(batch, await send(ws, batch));
              const again = await send(ws, batch);
              expect(again.map((o) => o.status)).toEqual(batch.map(() => 'duplicate'));
            } else if (op === 'twin') {
              // The same push on two connections at once (a retry racing the first attempt).
              const [one, two] = await Promise.all([send(ws, batch), send(ws, batch)]);
              record(batch, one);
              record(batch, two);
            } else {
              // Hold the push open after it took its versions: an uncommitted row with the id of
              // its first mutation makes its final insert wait. Pull meanwhile, then let it commit
              // ('held') or drop its connection mid-transaction and retry it ('killed').
              const blocker = await admin();
              await blocker.query('BEGIN');
              const first = batch[0];
              if (!first) throw new Error('empty batch');
              await blocker.query(`INSERT INTO processed_mutations (client_id, mutation_id, agent_id, kind, outcome) VALUES ($1, $2, $3, 'blocker', '{}')`, [
                ws.clientId,
                first.mutationId,
                ws.agentId,
              ]);
              const blockerPid = ((await blocker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0] as { pid: number }).pid;
              const pending = send(ws, batch).then(
                (outcomes) => ({ outcomes }),
                (error: unknown) => ({ error }),
              );
              const pushPid = await blockedBy(watch, blockerPid);
              await pullToEnd(db, ws, 5);
              if (op === 'killed') await watch.query('SELECT pg_terminate_backend($1)', [pushPid]);
              await blocker.query('ROLLBACK');
              const result = await pending;
              if (op === 'held') {
                if (!('outcomes' in result)) throw result.error;
                record(batch, result.outcomes);
              } else {
                expect('error' in result).toBe(true);
                record(batch, await send(ws, batch));
              }
            }
          }
        }),
      );

      // Every push has answered, so every change has committed: one more pull brings all of it,
      // whatever other transactions of the cluster still run (the snapshot cursor waits for none).
      for (const ws of stations) await pullToEnd(db, ws, 100);

      // Every puller holds every change it may see, at its newest version.
      const { rows: log } = await db.query<{ entity: string; entity_id: string; version: string; audience: string | null }>(
        'SELECT entity, entity_id, version::text, audience::text FROM change_log',
      );
      for (const ws of stations) {
        const expected = new Map(log.filter((r) => r.audience === null || r.audience === ws.agentId).map((r) => [`${r.entity}:${r.entity_id}`, Number(r.version)]));
        expect(ws.held).toEqual(expected);
      }

      // Exactly once: every mutation applied once, and each row it wrote is there once.
      const { rows: counted } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM processed_mutations WHERE client_id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))', [
        JSON.stringify(editors.map((w) => w.clientId)),
      ]);
      expect(counted[0]?.n).toBe(applied.size);

      // The merge rule: each contact field's edits chain, each replacing the value before it.
      const { rows: history } = await db.query<{ contact_id: string; field: string; losing_value: string; winning_value: string }>(
        `SELECT contact_id::text, field, losing_value #>> '{}' AS losing_value, winning_value #>> '{}' AS winning_value
         FROM contact_history WHERE contact_id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb)) ORDER BY version`,
        [JSON.stringify(contactIds)],
      );
      for (const c of contactIds) {
        for (const f of SHARED_FIELDS) {
          const chain = history.filter((h) => h.contact_id === c && h.field === f);
          const writes = [...written].filter(([id, w]) => applied.has(id) && w.key === `${c}:${f}`).map(([, w]) => w.value);
          expect(chain.map((h) => h.winning_value).sort()).toEqual([...writes].sort());
          let value = initial(c)[f];
          for (const h of chain) {
            expect(h.losing_value).toBe(value);
            value = h.winning_value;
          }
          for (const ws of stations) expect(ws.contacts.get(c)?.[f]).toBe(value);
        }
      }
    });
  }

  it('serves a workstation that still holds a numeric cursor from before the transaction order', async () => {
    const legacyUrl = await createTestDatabase('legacy-cursor');
    const legacy = connectPostgres(legacyUrl, silentLogger, 4);
    try {
      await migrateServer(legacy, serverMigrations.slice(0, 5));
      // Three changes logged the way servers before migration 6 did: versions in commit order.
      for (const n of ['+923001111111', '+923002222222', '+923003333333']) {
        await legacy.query(`INSERT INTO change_log (version, entity, entity_id, audience, payload) VALUES (nextval('change_version'), 'dnc', $1, NULL, $2::jsonb)`, [
          n,
          JSON.stringify({ entity: 'dnc', dnc: { number: n, listed: true, reason: 'asked', updatedAt: '2026-11-01T00:00:00.000Z' } }),
        ]);
      }
      await migrateServer(legacy);
      const agent = await createAgent(legacy, { username: 'legacy', displayName: 'Legacy', password: 'pw-pw-pw-pw' });
      const callId = randomUUID();
      await push(legacy, agent.id, {
        clientId: randomUUID(),
        mutations: [
          {
            mutationId: randomUUID(),
            mutation: { kind: 'call.upsert', callId, direction: 'inbound', localNumber: '100', remoteNumber: '+923001234567', contactId: null, startedAt: new Date().toISOString(), answeredAt: null, endedAt: null, endCause: null },
          },
        ],
      });
      // The workstation pulled versions 1 and 2 from the old server: its cursor is the number 2.
      const page = PullResponse.parse(JSON.parse(await pullPage(legacy, agent.id, { cursor: '2', limit: 100 })));
      expect(page.changes.map((c) => (c.entity === 'dnc' ? c.dnc.number : c.entity === 'call' ? c.call.callId : c.entity))).toEqual(['+923003333333', callId]);
      expect(typeof page.cursor).toBe('string');
      const next = PullResponse.parse(JSON.parse(await pullPage(legacy, agent.id, { cursor: String(page.cursor), limit: 100 })));
      expect(next.changes).toEqual([]);
      // A workstation starting over still gets everything.
      expect(PullResponse.parse(JSON.parse(await pullPage(legacy, agent.id, { cursor: '0', limit: 100 }))).changes).toHaveLength(4);
    } finally {
      await legacy.close();
    }
  });
});
