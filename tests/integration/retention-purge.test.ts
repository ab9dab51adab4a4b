/**
 * Local data retention (issue 15 B2) on a real encrypted store: synced customer data older than
 * the policy's days is purged; nothing unsynced, open, or still needed is.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AgentApi } from '../../src/contract';
import { purgeExpired } from '../../src/core/retention/retention';
import { agentFor, inspectDemoStore, unwrap } from '../support/store';
import { startDemoCore } from '../support/test-core';

const DAY = 86_400_000;

async function endedCall(agent: AgentApi, remoteNumber: string, note: string): Promise<string> {
  const callId = randomUUID();
  const at = new Date().toISOString();
  unwrap(await agent.calls.logEvent({ callId, direction: 'inbound', localNumber: '1001', remoteNumber, event: 'answered', at }));
  unwrap(await agent.calls.logEvent({ callId, direction: 'inbound', localNumber: '1001', remoteNumber, event: 'ended', at }));
  unwrap(await agent.notes.saveDraft({ target: { callId }, body: note, revision: 1 }));
  const code = unwrap(await agent.wrapup.dispositionCodes({ callId })).find((c) => !c.needsCallback);
  if (!code) throw new Error('no code');
  unwrap(await agent.wrapup.complete({ callId, disposition: code.code }));
  return callId;
}

describe('retention purge', () => {
  it('removes old synced calls, notes and untouched contacts, and keeps anything unsynced or open', async () => {
    const { core, dataDir } = await startDemoCore();
    const { agent } = agentFor(core);
    const oldContact = unwrap(await agent.contacts.create({ fields: { firstName: 'Old', lastName: 'Synced', phones: [{ label: 'mobile', number: '+923001110001' }] } }));
    const unsyncedContact = unwrap(await agent.contacts.create({ fields: { firstName: 'Old', lastName: 'Unsynced' } }));
    const syncedCall = await endedCall(agent, '+923001110001', 'old synced note');
    const unsyncedCall = await endedCall(agent, '+923001110002', 'old unsynced note');
    const recentCall = await endedCall(agent, '+923001110003', 'recent note');
    core.close();

    const db = await inspectDemoStore(dataDir);
    try {
      const long = new Date(Date.now() - 200 * DAY).toISOString();
      // Age everything but the recent call.
      db.prepare('UPDATE calls SET started_at = ?, ended_at = ? WHERE id != ?').run(long, long, recentCall);
      db.prepare('UPDATE notes SET created_at = ? WHERE call_id != ? OR call_id IS NULL').run(long, recentCall);
      db.prepare('UPDATE contacts SET updated_at = ?').run(long);
      // What the pusher does once the server confirms (stand-in: the server is not part of this test):
      // everything is synced except the "unsynced" call and contact.
      const keep = [unsyncedCall, unsyncedContact.id];
      db.prepare(
        "DELETE FROM outbox WHERE coalesce(json_extract(payload, '$.callId'), '') NOT IN (?, ?) AND coalesce(json_extract(payload, '$.contactId'), '') NOT IN (?, ?)",
      ).run(...keep, ...keep);
      const pending = (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
      expect(pending).toBeGreaterThan(0);

      const purged = purgeExpired(db, 90, new Date());
      expect(purged).toEqual({ calls: 1, notes: 1, contacts: 1 });

      const ids = (sql: string) => (db.prepare(sql).all() as { id: string }[]).map((r) => r.id).sort();
      expect(ids('SELECT id FROM calls')).toEqual([unsyncedCall, recentCall].sort());
      expect((db.prepare('SELECT body FROM notes ORDER BY body').all() as { body: string }[]).map((r) => r.body)).toEqual(['old unsynced note', 'recent note']);
      expect(ids('SELECT id FROM contacts')).not.toContain(oldContact.id);
      expect(ids('SELECT id FROM contacts')).toContain(unsyncedContact.id);
      expect(db.prepare('SELECT count(*) AS n FROM contact_phones WHERE contact_id = ?').get(oldContact.id)).toEqual({ n: 0 });
      expect(db.prepare('SELECT count(*) AS n FROM wrapups WHERE call_id = ?').get(syncedCall)).toEqual({ n: 0 });
      // Nothing unsynced was touched.
      expect((db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n).toBe(pending);
      // A second run finds nothing more.
      expect(purgeExpired(db, 90, new Date())).toEqual({ calls: 0, notes: 0, contacts: 0 });
    } finally {
      db.close();
    }
  });
});

describe('the retention policy in the core', () => {
  it('purges at start when IT sets retentionDays, and not without it', async () => {
    const first = await startDemoCore();
    const old = await endedCall(agentFor(first.core).agent, '+923001110004', 'synced long ago');
    first.core.close();
    const db = await inspectDemoStore(first.dataDir);
    const long = new Date(Date.now() - 400 * DAY).toISOString();
    db.prepare('UPDATE calls SET started_at = ?, ended_at = ?').run(long, long);
    db.prepare('DELETE FROM outbox').run(); // stand-in for the server's confirmation
    db.close();

    const without = await startDemoCore(first.dataDir);
    const listed = unwrap(await agentFor(without.core).agent.calls.history({ limit: 10 }));
    without.core.close();
    const withPolicy = await startDemoCore(first.dataDir, { policy: { policy: { retentionDays: 365 }, problems: [], file: null } });
    withPolicy.core.close();
    const after = await inspectDemoStore(first.dataDir);
    try {
      expect(listed.map((c) => c.id)).toContain(old);
      expect(after.prepare('SELECT count(*) AS n FROM calls WHERE id = ?').get(old)).toEqual({ n: 0 });
    } finally {
      after.close();
    }
  });
});
