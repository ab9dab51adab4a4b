/**
 * The store's API groups end to end through the dispatcher, on a real encrypted store:
 * contacts, calls, notes and wrap-up, what they queue for the server, and what they refuse.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentApi, AgentTransport, CallRecord, Mutation } from '../../src/contract';
import type { Core } from '../../src/core/core';
import type { Db } from '../../src/core/store/database';
import { startDemoCore } from '../support/test-core';
import { agentFor, inspectDemoStore, unwrap } from '../support/store';

let core: Core;
let dataDir: string;
let agent: AgentApi;
let transport: AgentTransport;
let disk: Db;

beforeEach(async () => {
  ({ core, dataDir } = await startDemoCore());
  ({ agent, transport } = agentFor(core));
  disk = await inspectDemoStore(dataDir);
});
afterEach(() => {
  disk.close();
  core.close();
});

const outbox = (): Mutation[] =>
  disk
    .prepare<[], { payload: string }>('SELECT payload FROM outbox ORDER BY seq')
    .all()
    .map((r) => JSON.parse(r.payload) as Mutation);
const count = (table: string): number => disk.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()?.n ?? 0;
/** Every table a bad call might have touched, to show it touched none. */
const snapshot = () =>
  Object.fromEntries(
    ['contacts', 'contact_phones', 'calls', 'notes', 'note_drafts', 'wrapups', 'script_runs', 'dispositions', 'callbacks', 'outbox'].map(
      (t) => [t, disk.prepare(`SELECT * FROM ${t}`).all()],
    ),
  );

async function expectRefused(method: string, inputs: unknown[], code = 'INVALID_INPUT'): Promise<void> {
  const before = snapshot();
  for (const input of inputs) {
    const r = await transport.request(method, input);
    expect(r.ok ? 'accepted' : r.error.code, `${method} ${JSON.stringify(input)?.slice(0, 120)}`).toBe(code);
    if (!r.ok) expect(r.error.message.length).toBeGreaterThan(10);
  }
  expect(snapshot()).toEqual(before);
}

async function aliRaza() {
  return unwrap(
    await agent.contacts.create({
      fields: {
        firstName: 'Ali',
        lastName: 'Raza',
        company: 'Indus Motors',
        email: 'ali.raza@example.pk',
        phones: [
          { label: 'mobile', number: '0300 1234567' },
          { label: 'office', number: '+44 20 7946 0958' },
        ],
      },
    }),
  );
}

async function ringAndAnswer(remoteNumber = '03001234567'): Promise<CallRecord> {
  const callId = randomUUID();
  const base = { callId, direction: 'inbound' as const, localNumber: '1001', remoteNumber };
  unwrap(await agent.calls.logEvent({ ...base, event: 'ringing', at: '2026-11-23T10:00:00.000Z' }));
  return unwrap(await agent.calls.logEvent({ ...base, event: 'answered', at: '2026-11-23T10:00:05.000Z' }));
}

describe('contacts', () => {
  it('stores phones as E.164 and pops the caller whatever format the number comes in', async () => {
    const ali = await aliRaza();
    expect(ali.phones).toEqual([
      { label: 'mobile', number: '+923001234567' },
      { label: 'office', number: '+442079460958' },
    ]);
    for (const number of ['+923001234567', '03001234567', '0300-1234567', '923001234567', 'sip:+923001234567@pbx.example']) {
      const r = unwrap(await agent.contacts.lookupByNumber({ number }));
      expect(r.number, number).toBe('+923001234567');
      expect(r.matches.map((c) => c.id), number).toEqual([ali.id]);
    }
    expect(unwrap(await agent.contacts.lookupByNumber({ number: '0300 7654321' })).matches).toEqual([]);
    expect(unwrap(await agent.contacts.lookupByNumber({ number: 'anonymous' }))).toEqual({ number: null, matches: [] });
  });

  it('finds contacts by name, company, email, phone and note text', async () => {
    const ali = await aliRaza();
    unwrap(await agent.contacts.create({ fields: { firstName: 'Sara', lastName: 'Malik', company: 'Crescent Textiles', phones: [] } }));
    unwrap(await agent.notes.finalize({ target: { contactId: ali.id }, body: 'Asked about the warranty extension' }));
    for (const query of ['ali', 'Raz', 'indus mot', 'ali.raza@example', '0300 123', '+92300', '0092 300-123', '92300', 'warranty']) {
      const found = unwrap(await agent.contacts.search({ query }));
      expect(found.map((c) => c.lastName), query).toEqual(['Raza']);
    }
    expect(unwrap(await agent.contacts.search({ query: 'crescent' })).map((c) => c.firstName)).toEqual(['Sara']);
    expect(unwrap(await agent.contacts.search({ query: 'nobody-by-this-name' }))).toEqual([]);
    expect(unwrap(await agent.contacts.search({ query: '"*:(' }))).toEqual([]);
  });

  it('lists contacts whose name matches before those matching elsewhere', async () => {
    unwrap(await agent.contacts.create({ fields: { firstName: 'Bilal', lastName: 'Ahmed', company: 'Raza Brothers', phones: [] } }));
    unwrap(await agent.contacts.create({ fields: { firstName: 'Hina', lastName: 'Iqbal', email: 'hina.raza@example.pk', phones: [] } }));
    await aliRaza();
    expect(unwrap(await agent.contacts.search({ query: 'raza' })).map((c) => c.firstName)).toEqual(['Ali', 'Bilal', 'Hina']);
    expect(unwrap(await agent.contacts.search({ query: 'raza', limit: 1 })).map((c) => c.firstName)).toEqual(['Ali']);
  });

  it('queues a create, then only the changed fields with the server version they were edited from', async () => {
    const ali = await aliRaza();
    expect(outbox()).toEqual([expect.objectContaining({ kind: 'contact.create', contactId: ali.id })]);
    disk.prepare('UPDATE contacts SET company_v = 7, phones_v = 3 WHERE id = ?').run(ali.id);

    const updated = unwrap(
      await agent.contacts.update({
        id: ali.id,
        changes: { company: 'Indus Motor Company', firstName: 'Ali', phones: [{ label: 'mobile', number: '0321 5550000' }] },
      }),
    );
    expect(updated).toMatchObject({ company: 'Indus Motor Company', phones: [{ label: 'mobile', number: '+923215550000' }] });
    expect(outbox()[1]).toEqual({
      kind: 'contact.update',
      contactId: ali.id,
      changes: [
        { field: 'company', value: 'Indus Motor Company', baseVersion: 7 },
        { field: 'phones', value: [{ label: 'mobile', number: '+923215550000' }], baseVersion: 3 },
      ],
    });
    expect(unwrap(await agent.contacts.lookupByNumber({ number: '03001234567' })).matches).toEqual([]);
    expect(unwrap(await agent.contacts.lookupByNumber({ number: '03215550000' })).matches.map((c) => c.id)).toEqual([ali.id]);
    expect(unwrap(await agent.contacts.search({ query: 'Motor Company' })).map((c) => c.id)).toEqual([ali.id]);

    unwrap(await agent.contacts.update({ id: ali.id, changes: { company: 'Indus Motor Company' } }));
    expect(outbox()).toHaveLength(2);
    expect(unwrap(await agent.contacts.get({ id: ali.id }))).toEqual(updated);
  });

  it('refuses bad input with a typed error and writes nothing', async () => {
    const ali = await aliRaza();
    await expectRefused('contacts.create', [
      {},
      { fields: {} },
      { fields: { firstName: 'X', phones: [{ label: 'mobile', number: '12' }] } },
      { fields: { firstName: 'X', phones: [{ label: 'mobile', number: 'call me maybe' }] } },
      { fields: { firstName: 'X', email: 'not-an-email' } },
      { fields: { firstName: 'X'.repeat(101) } },
      { fields: { firstName: 'X', nickname: 'x' } },
      { fields: { firstName: 'X', phones: Array.from({ length: 21 }, () => ({ label: 'm', number: '03001234567' })) } },
      null,
    ]);
    await expectRefused('contacts.update', [
      { id: ali.id, changes: {} },
      { id: 'not-a-uuid', changes: { company: 'X' } },
      { id: ali.id, changes: { phones: [{ label: 'mobile', number: '12' }] } },
      { id: ali.id, changes: { doNotCall: 'yes' } },
    ]);
    await expectRefused('contacts.update', [{ id: randomUUID(), changes: { company: 'X' } }], 'NOT_FOUND');
    await expectRefused('contacts.get', [{ id: 'x' }, {}, { id: ali.id, extra: 1 }]);
    await expectRefused('contacts.get', [{ id: randomUUID() }], 'NOT_FOUND');
    await expectRefused('contacts.search', [{ query: '' }, { query: '   ' }, { query: 'a', limit: 0 }, { query: 'a', limit: 101 }, { query: 'x'.repeat(201) }]);
    await expectRefused('contacts.lookupByNumber', [{ number: '' }, { number: 42 }, { number: '1'.repeat(65) }]);
  });

  it('commits a change and its outbox row together or not at all', async () => {
    disk.exec(`CREATE TRIGGER outbox_refuses BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'outbox refused'); END;`);
    const r = await agent.contacts.create({ fields: { firstName: 'Nadia', phones: [{ label: 'm', number: '03001112222' }] } });
    expect(r.ok).toBe(false);
    expect(count('contacts')).toBe(0);
    expect(count('contact_phones')).toBe(0);
    expect(unwrap(await agent.contacts.search({ query: 'Nadia' }))).toEqual([]);
  });
});

describe('calls', () => {
  it('logs a call step by step, links the caller, and queues each new state', async () => {
    const ali = await aliRaza();
    const updates: CallRecord[] = [];
    const off = agent.on('calls.updated', (c) => updates.push(c));
    const callId = randomUUID();
    const base = { callId, direction: 'inbound' as const, localNumber: '1001', remoteNumber: '0300-1234567' };
    unwrap(await agent.calls.logEvent({ ...base, event: 'ringing', at: '2026-11-23T15:00:00+05:00' }));
    unwrap(await agent.calls.logEvent({ ...base, event: 'answered', at: '2026-11-23T10:00:04.000Z' }));
    const ended = unwrap(
      await agent.calls.logEvent({ ...base, event: 'ended', at: '2026-11-23T10:03:00.000Z', endCause: 'Hangup by caller', outcome: 'answered' }),
    );
    off();
    expect(ended).toEqual({
      id: callId,
      direction: 'inbound',
      localNumber: '1001',
      remoteNumber: '0300-1234567',
      remoteE164: '+923001234567',
      contactId: ali.id,
      contactName: 'Ali Raza',
      startedAt: '2026-11-23T10:00:00.000Z',
      answeredAt: '2026-11-23T10:00:04.000Z',
      endedAt: '2026-11-23T10:03:00.000Z',
      endCause: 'Hangup by caller',
      outcome: 'answered',
      campaignId: null,
      disposition: null,
      holdSeconds: 0,
    });
    expect(updates.map((u) => [u.answeredAt !== null, u.endedAt !== null])).toEqual([
      [false, false],
      [true, false],
      [true, true],
    ]);
    const upserts = outbox().filter((m) => m.kind === 'call.upsert');
    expect(upserts).toHaveLength(3);
    expect(upserts[2]).toMatchObject({ callId, contactId: ali.id, endCause: 'Hangup by caller' });

    // An outcome belongs to the call's end only.
    expect((await agent.calls.logEvent({ ...base, event: 'answered', at: '2026-11-23T10:03:01.000Z', outcome: 'missed' })).ok).toBe(false);
    // The phone engine may repeat itself; nothing new is recorded or queued.
    unwrap(await agent.calls.logEvent({ ...base, event: 'ended', at: '2026-11-23T10:03:01.000Z' }));
    expect(outbox().filter((m) => m.kind === 'call.upsert')).toHaveLength(3);
  });

  it("gives an unknown caller's call to the contact the agent then creates for that number", async () => {
    const call = await ringAndAnswer('0321 5550000');
    expect(call.contactId).toBeNull();
    const updates: CallRecord[] = [];
    const off = agent.on('calls.updated', (c) => updates.push(c));
    const created = unwrap(await agent.contacts.create({ fields: { firstName: 'New', lastName: 'Caller', phones: [{ label: 'mobile', number: '+923215550000' }] } }));
    off();
    expect(updates).toEqual([expect.objectContaining({ id: call.id, contactId: created.id, contactName: 'New Caller' })]);
    expect(outbox().at(-1)).toMatchObject({ kind: 'call.upsert', callId: call.id, contactId: created.id });
    const done = unwrap(
      await agent.wrapup.complete({ callId: call.id, disposition: 'callback', callback: { dueAt: '2099-11-24T07:00:00Z', note: '' } }),
    );
    expect(done.callbackId).not.toBeNull();
  });

  it('lists history newest first, by contact, and before a time', async () => {
    const ali = await aliRaza();
    const times = ['2026-11-20T09:00:00.000Z', '2026-11-21T09:00:00.000Z', '2026-11-22T09:00:00.000Z'];
    const ids: string[] = [];
    for (const [i, at] of times.entries()) {
      const callId = randomUUID();
      ids.push(callId);
      unwrap(
        await agent.calls.logEvent({
          callId,
          direction: 'outbound',
          localNumber: '1001',
          remoteNumber: i === 1 ? '+14155552671' : '03001234567',
          event: 'ringing',
          at,
        }),
      );
    }
    expect(unwrap(await agent.calls.history({})).map((c) => c.id)).toEqual([...ids].reverse());
    expect(unwrap(await agent.calls.history({ limit: 1 })).map((c) => c.id)).toEqual([ids[2]]);
    expect(unwrap(await agent.calls.history({ contactId: ali.id })).map((c) => c.id)).toEqual([ids[2], ids[0]]);
    expect(unwrap(await agent.calls.history({ before: times[2] })).map((c) => c.id)).toEqual([ids[1], ids[0]]);
  });

  it('refuses bad input and contradictory events, writing nothing', async () => {
    const call = await ringAndAnswer();
    const good = { callId: randomUUID(), direction: 'inbound' as const, localNumber: '1001', remoteNumber: '03001234567', event: 'ringing' as const, at: '2026-11-23T10:00:00Z' };
    await expectRefused('calls.logEvent', [
      { ...good, callId: 'call-1' },
      { ...good, direction: 'sideways' },
      { ...good, event: 'held' },
      { ...good, at: 'yesterday' },
      { ...good, endCause: 'Busy' },
      { ...good, remoteNumber: '' },
      { ...good, remoteNumber: '1'.repeat(65) },
      { ...good, extra: true },
      [],
    ]);
    await expectRefused('calls.logEvent', [{ ...good, callId: call.id, direction: 'outbound' }], 'CONFLICT');
    unwrap(await agent.calls.logEvent({ ...good, callId: call.id, event: 'ended' as const, at: '2026-11-23T10:05:00Z' }));
    await expectRefused('calls.logEvent', [{ ...good, callId: call.id, event: 'answered' }], 'CONFLICT');
    await expectRefused('calls.history', [{ limit: 0 }, { limit: 501 }, { limit: 'ten' }, { contactId: 'x' }, { before: 'now' }]);
  });
});

describe('notes', () => {
  it('autosaves a draft, ignores a stale save, and finalizes it into a queued note', async () => {
    const call = await ringAndAnswer();
    const target = { callId: call.id };
    const first = unwrap(await agent.notes.saveDraft({ target, body: 'Customer wants', revision: 1 }));
    expect(first).toMatchObject({ applied: true, draft: { body: 'Customer wants', revision: 1, callId: call.id, contactId: null } });
    unwrap(await agent.notes.saveDraft({ target, body: 'Customer wants a refund', revision: 3 }));
    const stale = unwrap(await agent.notes.saveDraft({ target, body: 'Customer wants a', revision: 2 }));
    expect(stale).toMatchObject({ applied: false, draft: { body: 'Customer wants a refund', revision: 3 } });
    expect(unwrap(await agent.notes.getDraft({ target }))).toMatchObject({ id: first.draft.id, body: 'Customer wants a refund' });
    expect(outbox().filter((m) => m.kind === 'note.append')).toEqual([]);

    const note = unwrap(await agent.notes.finalize({ target, body: 'Customer wants a refund for order 4411.' }));
    expect(note).toMatchObject({ id: first.draft.id, callId: call.id, body: 'Customer wants a refund for order 4411.' });
    expect(unwrap(await agent.notes.getDraft({ target }))).toBeNull();
    expect(outbox().filter((m) => m.kind === 'note.append')).toEqual([
      { kind: 'note.append', noteId: note.id, callId: call.id, contactId: null, body: note.body, createdAt: note.createdAt },
    ]);
    const second = unwrap(await agent.notes.finalize({ target, body: 'Called back: refund done.' }));
    expect(unwrap(await agent.notes.list({ target })).map((n) => n.id)).toEqual([note.id, second.id]);
  });

  it("files a call's note under the caller's contact too", async () => {
    const ali = await aliRaza();
    const call = await ringAndAnswer('+923001234567');
    const note = unwrap(await agent.notes.finalize({ target: { callId: call.id }, body: 'Prefers Urdu' }));
    expect(note.contactId).toBe(ali.id);
    expect(unwrap(await agent.notes.list({ target: { contactId: ali.id } })).map((n) => n.id)).toEqual([note.id]);
  });

  it('refuses bad input and unknown targets, writing nothing', async () => {
    const call = await ringAndAnswer();
    unwrap(await agent.notes.saveDraft({ target: { callId: call.id }, body: 'keep me', revision: 5 }));
    const target = { callId: call.id };
    await expectRefused('notes.saveDraft', [
      { target, body: 'x'.repeat(20_001), revision: 6 },
      { target, body: 'x', revision: -1 },
      { target, body: 'x', revision: 1.5 },
      { target, body: 'x' },
      { target: { callId: call.id, contactId: randomUUID() }, body: 'x', revision: 6 },
      { target: {}, body: 'x', revision: 6 },
      { target: { callId: 'abc' }, body: 'x', revision: 6 },
      { target, body: 42, revision: 6 },
    ]);
    await expectRefused('notes.saveDraft', [{ target: { callId: randomUUID() }, body: 'x', revision: 1 }], 'NOT_FOUND');
    await expectRefused('notes.saveDraft', [{ target: { contactId: randomUUID() }, body: 'x', revision: 1 }], 'NOT_FOUND');
    await expectRefused('notes.finalize', [{ target, body: '' }, { target, body: '   \n' }, { target, body: 'x'.repeat(20_001) }, { target }]);
    await expectRefused('notes.finalize', [{ target: { callId: randomUUID() }, body: 'x' }], 'NOT_FOUND');
    await expectRefused('notes.getDraft', [{ target: { callId: 1 } }, {}]);
    await expectRefused('notes.list', [{ target: null }]);
    await expectRefused('notes.list', [{ target: { contactId: randomUUID() } }], 'NOT_FOUND');
    expect(unwrap(await agent.notes.getDraft({ target }))).toMatchObject({ body: 'keep me', revision: 5 });
  });
});

describe('wrap-up', () => {
  it('restores the open call with its wrap-up, draft note and script position after a restart', async () => {
    expect(unwrap(await agent.wrapup.current({}))).toBeNull();
    const ali = await aliRaza();
    const call = await ringAndAnswer();
    unwrap(await agent.notes.saveDraft({ target: { callId: call.id }, body: 'Refund for order 4411', revision: 12 }));
    unwrap(await agent.wrapup.save({ callId: call.id, disposition: 'callback', callback: { dueAt: '2026-11-24T12:00:00+05:00', note: 'after lunch' } }));
    unwrap(await agent.wrapup.saveScriptPosition({ callId: call.id, scriptId: 'refunds', scriptVersion: 3, stepId: 'verify-order', answers: { order: '4411' } }));
    const before = unwrap(await agent.wrapup.current({}));

    disk.close();
    core.close();
    ({ core } = await startDemoCore(dataDir));
    ({ agent, transport } = agentFor(core));
    disk = await inspectDemoStore(dataDir);

    const after = unwrap(await agent.wrapup.current({}));
    expect(after).toEqual(before);
    expect(after).toMatchObject({
      call: { id: call.id, contactId: ali.id },
      wrapup: { disposition: 'callback', callback: { dueAt: '2026-11-24T07:00:00.000Z', note: 'after lunch' } },
      draft: { body: 'Refund for order 4411', revision: 12 },
      script: { scriptId: 'refunds', scriptVersion: 3, stepId: 'verify-order', answers: { order: '4411' } },
    });
  });

  it('never takes a call pulled from the server for open work', async () => {
    disk
      .prepare(
        `INSERT INTO calls (id, direction, local_number, remote_number, started_at, answered_at, ended_at)
         VALUES (?, 'inbound', '1002', '+923001234567', '2099-01-01T00:00:00.000Z', '2099-01-01T00:00:05.000Z', '2099-01-01T00:01:00.000Z')`,
      )
      .run(randomUUID());
    expect(unwrap(await agent.wrapup.current({}))).toBeNull();
    const mine = await ringAndAnswer();
    expect(unwrap(await agent.wrapup.current({}))?.call.id).toBe(mine.id);
  });

  it('submits disposition, callback and the draft note together, then closes the wrap-up', async () => {
    const ali = await aliRaza();
    const call = await ringAndAnswer();
    unwrap(await agent.notes.saveDraft({ target: { callId: call.id }, body: 'Wants a callback tomorrow', revision: 1 }));
    const codes = unwrap(await agent.wrapup.dispositionCodes({}));
    expect(codes.find((c) => c.code === 'callback')).toMatchObject({ needsCallback: true });

    const done = unwrap(
      await agent.wrapup.complete({ callId: call.id, disposition: 'callback', callback: { dueAt: '2099-11-24T07:00:00Z', note: 'morning' } }),
    );
    expect(done.noteId).not.toBeNull();
    // Presence follows the wrap-up (Available again), queued after the wrap-up's own rows.
    const wrapupRows = outbox().filter((m) => m.kind !== 'presence.set');
    expect(wrapupRows.map((m) => m.kind).slice(-3)).toEqual(['disposition.set', 'callback.schedule', 'note.append']);
    expect(wrapupRows.at(-2)).toMatchObject({ kind: 'callback.schedule', contactId: ali.id, callId: call.id, dueAt: '2099-11-24T07:00:00.000Z' });
    expect(unwrap(await agent.wrapup.current({}))).toBeNull();
    expect(unwrap(await agent.notes.getDraft({ target: { callId: call.id } }))).toBeNull();
    await expectRefused('wrapup.complete', [{ callId: call.id, disposition: 'resolved' }], 'CONFLICT');
  });

  it('refuses bad input, unknown codes and impossible callbacks, writing nothing', async () => {
    const call = await ringAndAnswer('+14155552671');
    unwrap(await agent.notes.saveDraft({ target: { callId: call.id }, body: 'still here', revision: 1 }));
    await expectRefused('wrapup.complete', [
      { callId: call.id, disposition: 'made-up' },
      { callId: call.id, disposition: 'callback' },
      { callId: call.id, disposition: 'resolved', callback: { dueAt: '2026-11-24T07:00:00Z', note: '' } },
      { callId: call.id, disposition: '' },
      { callId: call.id, disposition: 'resolved', callback: { dueAt: 'tomorrow', note: '' } },
    ]);
    await expectRefused('wrapup.complete', [{ callId: randomUUID(), disposition: 'resolved' }], 'NOT_FOUND');
    await expectRefused('wrapup.save', [
      { callId: call.id, disposition: '', callback: null },
      { callId: call.id, disposition: 'x'.repeat(65), callback: null },
      { callId: call.id, disposition: null },
      { callId: call.id, disposition: null, callback: { dueAt: '2026-11-24T07:00:00Z', note: 'x'.repeat(2001) } },
    ]);
    await expectRefused('wrapup.save', [{ callId: randomUUID(), disposition: null, callback: null }], 'NOT_FOUND');
    const pos = { callId: call.id, scriptId: 's', scriptVersion: 1, stepId: 'a', answers: {} };
    await expectRefused('wrapup.saveScriptPosition', [
      { ...pos, stepId: '' },
      { ...pos, scriptVersion: -1 },
      { ...pos, answers: { q: 5 } },
      { ...pos, answers: Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`q${i}`, 'x'])) },
    ]);
    await expectRefused('wrapup.saveScriptPosition', [{ ...pos, callId: randomUUID() }], 'NOT_FOUND');
    await expectRefused('wrapup.current', [{ x: 1 }]);
    expect(unwrap(await agent.wrapup.current({}))).toMatchObject({ call: { id: call.id }, draft: { body: 'still here' } });
  });
});
