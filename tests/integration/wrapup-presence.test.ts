/**
 * Wrap-up and presence through the core's API, as the phone engine and the renderer drive it:
 * presence follows the call, each campaign's wrap-up rule is enforced by the core (a
 * timed wrap-up ends on a fake clock, with the window closed, and on restart), and callbacks are
 * listed, closed and reminded. Real core, real encrypted store.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentApi, AgentErrorShape, Campaign, EventName, Presence, Result } from '../../src/contract';
import { createCore, type Core } from '../../src/core/core';
import { FakeClock } from '../support/fake-clock';
import { agentFor, inspectDemoStore } from '../support/store';
import { demoCoreOptions, tempDir } from '../support/test-core';

const cores: Core[] = [];
afterEach(() => {
  for (const c of cores.splice(0)) c.close();
});

const CAMPAIGNS: Campaign[] = [
  {
    id: 'renewals',
    name: 'Renewals',
    scriptId: null,
    wrapup: { mode: 'mandatory' },
    dispositions: [
      { code: 'RENEWED', label: 'Renewed', needsCallback: false },
      { code: 'FOLLOW_UP', label: 'Follow up', needsCallback: true },
    ],
  },
  {
    id: 'survey',
    name: 'Survey',
    scriptId: null,
    wrapup: { mode: 'optional' },
    dispositions: [{ code: 'DONE', label: 'Done', needsCallback: false }],
  },
  {
    id: 'retention',
    name: 'Retention',
    scriptId: null,
    wrapup: { mode: 'timed', seconds: 60, timeoutDisposition: 'WRAPUP_TIMEOUT' },
    dispositions: [
      { code: 'RETAINED', label: 'Retained', needsCallback: false },
      { code: 'WRAPUP_TIMEOUT', label: 'Wrap-up timed out', needsCallback: false },
    ],
  },
  {
    id: 'collections',
    name: 'Collections',
    scriptId: null,
    // Every attempt gets a disposition, reached or not.
    wrapup: { mode: 'mandatory', wrapUpUnconnected: true },
    dispositions: [{ code: 'NO_CONTACT', label: 'No contact', needsCallback: false }],
  },
];

async function open(dataDir: string, clock: FakeClock): Promise<{ core: Core; agent: AgentApi }> {
  const core = await createCore(demoCoreOptions(dataDir, { clock }));
  cores.push(core);
  return { core, agent: agentFor(core).agent };
}

/** A profile with the campaigns on it, as a pull from the server would have left them. */
async function profileWithCampaigns(clock: FakeClock): Promise<string> {
  const dataDir = tempDir('agent-wrapup-');
  const first = await open(dataDir, clock);
  first.core.close();
  cores.splice(cores.indexOf(first.core), 1);
  const db = await inspectDemoStore(dataDir);
  const insert = db.prepare('INSERT INTO campaigns (id, name, script_id, wrapup, dispositions, position, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  CAMPAIGNS.forEach((c, i) => insert.run(c.id, c.name, c.scriptId, JSON.stringify(c.wrapup), JSON.stringify(c.dispositions), i, clock.iso()));
  db.close();
  return dataDir;
}

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};
const errorOf = <T>(r: Result<T>): AgentErrorShape => {
  if (r.ok) throw new Error('expected an error');
  return r.error;
};

function events(core: Core) {
  const seen: Array<{ name: EventName; payload: unknown }> = [];
  core.subscribe((name, payload) => seen.push({ name, payload }));
  return {
    named: (name: EventName) => seen.filter((e) => e.name === name).map((e) => e.payload),
  };
}

/** The phone engine's view of one inbound call: rings, is answered. */
async function answeredCall(agent: AgentApi, clock: FakeClock, remoteNumber = '03001234567') {
  const callId = randomUUID();
  const base = { callId, direction: 'inbound' as const, localNumber: '1001', remoteNumber };
  value(await agent.calls.logEvent({ ...base, event: 'ringing', at: clock.iso() }));
  value(await agent.calls.logEvent({ ...base, event: 'answered', at: clock.iso() }));
  return {
    callId,
    end: async () => value(await agent.calls.logEvent({ ...base, event: 'ended', at: clock.iso(), endCause: 'Terminated' })),
  };
}

const state = async (agent: AgentApi): Promise<Presence> => value(await agent.presence.get({}));

describe('presence follows the call', () => {
  it('answered → Busy, ended → Wrap-up, wrap-up submitted → Available', async () => {
    const clock = new FakeClock();
    const { agent, core } = await open(await profileWithCampaigns(clock), clock);
    const seen = events(core);
    value(await agent.campaigns.select({ campaignId: 'renewals' }));
    value(await agent.presence.set({ state: 'Available' }));

    const callId = randomUUID();
    const base = { callId, direction: 'inbound' as const, localNumber: '1001', remoteNumber: '03001234567' };
    value(await agent.calls.logEvent({ ...base, event: 'ringing', at: clock.iso() }));
    // Ringing is not work yet: the agent may still decline.
    expect((await state(agent)).state).toBe('Available');
    value(await agent.calls.logEvent({ ...base, event: 'answered', at: clock.iso() }));
    expect((await state(agent)).state).toBe('Busy');
    clock.advance(90_000);
    value(await agent.calls.logEvent({ ...base, event: 'ended', at: clock.iso(), endCause: 'Terminated' }));
    expect((await state(agent)).state).toBe('Wrap-up');

    // The call's campaign decides the codes; a code it doesn't have is refused.
    expect(value(await agent.wrapup.dispositionCodes({ callId })).map((c) => c.code)).toEqual(['RENEWED', 'FOLLOW_UP']);
    expect(errorOf(await agent.wrapup.complete({ callId, disposition: 'resolved' }))).toMatchObject({ code: 'INVALID_INPUT' });
    expect((await state(agent)).state).toBe('Wrap-up');

    value(await agent.wrapup.complete({ callId, disposition: 'RENEWED' }));
    expect((await state(agent)).state).toBe('Available');
    expect(seen.named('presence.changed').map((p) => (p as Presence).state)).toEqual(['Available', 'Busy', 'Wrap-up', 'Available']);
    expect(seen.named('wrapup.closed')).toEqual([{ callId, how: 'submitted', disposition: 'RENEWED', at: clock.iso() }]);
  });

  it('an outbound call is Busy from the moment it is placed; one that never connected needs no wrap-up unless its campaign asks', async () => {
    const clock = new FakeClock();
    const { agent } = await open(await profileWithCampaigns(clock), clock);
    value(await agent.presence.set({ state: 'Available' }));
    const unanswered = async (endCause: string) => {
      const callId = randomUUID();
      const base = { callId, direction: 'outbound' as const, localNumber: '1001', remoteNumber: '03001234567' };
      value(await agent.calls.logEvent({ ...base, event: 'ringing', at: clock.iso() }));
      expect((await state(agent)).state).toBe('Busy');
      value(await agent.calls.logEvent({ ...base, event: 'ended', at: clock.iso(), endCause }));
      return callId;
    };
    // A mandatory-wrap-up campaign that does not ask for unconnected calls: ready at once.
    value(await agent.campaigns.select({ campaignId: 'renewals' }));
    await unanswered('No answer');
    expect((await state(agent)).state).toBe('Available');
    expect(value(await agent.wrapup.current({}))).toBeNull();
    // A failed dial: the same.
    await unanswered('Number not found');
    expect((await state(agent)).state).toBe('Available');
    // A campaign that dispositions every attempt: Wrap-up, mandatory.
    value(await agent.campaigns.select({ campaignId: 'collections' }));
    const callId = await unanswered('Busy');
    expect((await state(agent)).state).toBe('Wrap-up');
    expect(value(await agent.wrapup.current({}))?.call).toMatchObject({ id: callId, endCause: 'Busy', answeredAt: null });
    value(await agent.wrapup.complete({ callId, disposition: 'NO_CONTACT' }));
    expect((await state(agent)).state).toBe('Available');
  });

  it('calls no phone holds any more (died with the workstation) are ended as "Workstation restarted" and wrapped up; held ones are kept', async () => {
    const clock = new FakeClock();
    const { agent } = await open(await profileWithCampaigns(clock), clock);
    value(await agent.presence.set({ state: 'Available' }));
    const dead = await answeredCall(agent, clock);
    const ringingId = randomUUID();
    value(await agent.calls.logEvent({ callId: ringingId, direction: 'inbound', localNumber: '1001', remoteNumber: '03009999999', event: 'ringing', at: clock.iso() }));
    expect((await state(agent)).state).toBe('Busy');
    // The phone still holds the ringing call (a reconnect, not a restart): only the other one ends.
    clock.advance(5_000);
    const ended = value(await agent.calls.endOrphans({ liveCallIds: [ringingId] }));
    expect(ended).toEqual([expect.objectContaining({ id: dead.callId, endCause: 'Workstation restarted', endedAt: clock.iso() })]);
    expect((await state(agent)).state).toBe('Wrap-up');
    // Repeating it changes nothing; a later empty list (a fresh window) ends the ringing one, unanswered: no wrap-up for it.
    expect(value(await agent.calls.endOrphans({ liveCallIds: [ringingId] }))).toEqual([]);
    expect(value(await agent.calls.endOrphans({ liveCallIds: [] })).map((c) => c.id)).toEqual([ringingId]);
    expect(value(await agent.wrapup.current({}))?.call.id).toBe(dead.callId);
  });

  it('refuses Available during a mandatory wrap-up, and takes a Break picked meanwhile after it', async () => {
    const clock = new FakeClock();
    const { agent } = await open(await profileWithCampaigns(clock), clock);
    value(await agent.campaigns.select({ campaignId: 'renewals' }));
    value(await agent.presence.set({ state: 'Available' }));
    const call = await answeredCall(agent, clock);
    expect(errorOf(await agent.presence.set({ state: 'Available' }))).toMatchObject({
      code: 'CONFLICT',
      reason: 'PRESENCE_ON_CALL',
      message: expect.stringMatching(/on a call/),
    });
    await call.end();

    const refused = errorOf(await agent.presence.set({ state: 'Available' }));
    expect(refused).toEqual({ code: 'CONFLICT', reason: 'PRESENCE_WRAPUP_REQUIRED', message: 'Wrap-up required: submit a disposition before going Available.' });
    expect(errorOf(await agent.wrapup.skip({ callId: call.callId }))).toMatchObject({ code: 'CONFLICT' });
    expect(errorOf(await agent.presence.set({ state: 'Busy' }))).toMatchObject({ code: 'CONFLICT', reason: 'PRESENCE_FOLLOWS_WORK' });

    const queued = value(await agent.presence.set({ state: 'Break', reason: 'prayer' }));
    expect(queued).toMatchObject({ state: 'Wrap-up', next: { state: 'Break', reason: 'prayer' } });

    value(await agent.wrapup.complete({ callId: call.callId, disposition: 'RENEWED' }));
    expect(await state(agent)).toMatchObject({ state: 'Break', reason: 'prayer', next: null });
  });

  it('an optional wrap-up can be skipped (or left by going Available); presence returns to Available', async () => {
    const clock = new FakeClock();
    const { agent } = await open(await profileWithCampaigns(clock), clock);
    value(await agent.campaigns.select({ campaignId: 'survey' }));
    value(await agent.presence.set({ state: 'Available' }));

    const first = await answeredCall(agent, clock);
    await first.end();
    expect(value(await agent.wrapup.policy({ callId: first.callId }))).toMatchObject({
      campaignId: 'survey',
      policy: { mode: 'optional' },
      status: { canSkip: true, remainingSeconds: null },
    });
    value(await agent.notes.saveDraft({ target: { callId: first.callId }, body: 'asked about the survey prize', revision: 1 }));
    const skipped = value(await agent.wrapup.skip({ callId: first.callId }));
    expect(skipped.noteId).not.toBeNull();
    expect((await state(agent)).state).toBe('Available');
    expect(value(await agent.wrapup.current({}))).toBeNull();

    const second = await answeredCall(agent, clock);
    await second.end();
    expect((await state(agent)).state).toBe('Wrap-up');
    expect(value(await agent.presence.set({ state: 'Available' })).state).toBe('Available');
    expect(value(await agent.wrapup.current({}))).toBeNull();
  });

  it('is Wrap-up again after a crash with a wrap-up open', async () => {
    const clock = new FakeClock();
    const dataDir = await profileWithCampaigns(clock);
    const first = await open(dataDir, clock);
    value(await first.agent.campaigns.select({ campaignId: 'renewals' }));
    value(await first.agent.presence.set({ state: 'Available' }));
    const call = await answeredCall(first.agent, clock);
    await call.end();
    first.core.close();

    const again = await open(dataDir, clock);
    expect((await state(again.agent)).state).toBe('Wrap-up');
    value(await again.agent.wrapup.complete({ callId: call.callId, disposition: 'RENEWED' }));
    expect((await state(again.agent)).state).toBe('Available');
  });
});

describe('timed wrap-up on a fake clock', () => {
  it('(fake clock) ends by itself after N seconds with the timeout disposition, with no window open', async () => {
    const clock = new FakeClock();
    const dataDir = await profileWithCampaigns(clock);
    const { agent, core } = await open(dataDir, clock);
    const seen = events(core);
    value(await agent.campaigns.select({ campaignId: 'retention' }));
    value(await agent.presence.set({ state: 'Available' }));
    const call = await answeredCall(agent, clock);
    await call.end();
    const endedAt = clock.iso();

    expect(value(await agent.wrapup.policy({ callId: call.callId }))).toMatchObject({
      policy: { mode: 'timed', seconds: 60 },
      status: { canSkip: false, remainingSeconds: 60, expiredWith: null },
      endedAt,
      endsAt: clock.iso(60_000),
    });
    expect(errorOf(await agent.wrapup.skip({ callId: call.callId }))).toMatchObject({ code: 'CONFLICT' });
    expect(errorOf(await agent.presence.set({ state: 'Available' }))).toMatchObject({ code: 'CONFLICT', reason: 'PRESENCE_WRAPUP_TIMED' });

    clock.advance(59_000);
    expect((await state(agent)).state).toBe('Wrap-up');
    expect(value(await agent.wrapup.policy({ callId: call.callId })).status.remainingSeconds).toBe(1);
    clock.advance(1_000);

    expect((await state(agent)).state).toBe('Available');
    expect(value(await agent.wrapup.current({}))).toBeNull();
    expect(seen.named('wrapup.closed')).toEqual([{ callId: call.callId, how: 'timed-out', disposition: 'WRAPUP_TIMEOUT', at: clock.iso() }]);
    const db = await inspectDemoStore(dataDir);
    expect(db.prepare('SELECT code FROM dispositions WHERE call_id = ?').get(call.callId)).toEqual({ code: 'WRAPUP_TIMEOUT' });
    expect(db.prepare("SELECT count(*) AS n FROM outbox WHERE kind = 'disposition.set'").get()).toEqual({ n: 1 });
    db.close();
  });

  it("(fake clock) keeps the agent's own disposition when they chose one before the time ran out", async () => {
    const clock = new FakeClock();
    const { agent } = await open(await profileWithCampaigns(clock), clock);
    value(await agent.campaigns.select({ campaignId: 'retention' }));
    const call = await answeredCall(agent, clock);
    await call.end();
    value(await agent.wrapup.save({ callId: call.callId, disposition: 'RETAINED', callback: null }));
    clock.advance(61_000);
    expect(value(await agent.wrapup.current({}))).toBeNull();
    expect(value(await agent.calls.history({ limit: 1 }))[0]?.id).toBe(call.callId);
  });

  it('(fake clock) a timed wrap-up that ran out while the app was closed ends at once on restart', async () => {
    const clock = new FakeClock();
    const dataDir = await profileWithCampaigns(clock);
    const first = await open(dataDir, clock);
    value(await first.agent.campaigns.select({ campaignId: 'retention' }));
    value(await first.agent.presence.set({ state: 'Available' }));
    const call = await answeredCall(first.agent, clock);
    await call.end();
    first.core.close();

    clock.advance(5 * 60_000);
    const again = await open(dataDir, clock);
    expect((await state(again.agent)).state).toBe('Available');
    expect(value(await again.agent.wrapup.current({}))).toBeNull();
    const db = await inspectDemoStore(dataDir);
    expect(db.prepare('SELECT code FROM dispositions WHERE call_id = ?').get(call.callId)).toEqual({ code: 'WRAPUP_TIMEOUT' });
    db.close();
  });
});

describe('callbacks', () => {
  it('(fake clock) lists the callback with the contact, reminds when it is due, and closes it once', async () => {
    const clock = new FakeClock('2026-11-26T09:00:00.000Z');
    const { agent, core } = await open(await profileWithCampaigns(clock), clock);
    const seen = events(core);
    value(await agent.campaigns.select({ campaignId: 'renewals' }));
    const contact = value(
      await agent.contacts.create({
        fields: { firstName: 'Emily', lastName: 'Carter', timezone: 'America/Chicago', phones: [{ label: 'mobile', number: '+13125550147' }] },
      }),
    );
    const call = await answeredCall(agent, clock, '+13125550147');
    await call.end();
    expect(errorOf(await agent.wrapup.complete({ callId: call.callId, disposition: 'FOLLOW_UP' }))).toMatchObject({ code: 'INVALID_INPUT' });
    // A callback in the past is refused with a reason the agent can act on.
    expect(errorOf(await agent.wrapup.complete({ callId: call.callId, disposition: 'FOLLOW_UP', callback: { dueAt: clock.iso(-3600_000), note: '' } }))).toEqual({
      code: 'INVALID_INPUT',
      message: 'That callback time has already passed: pick a later time.',
    });
    const dueAt = clock.iso(10 * 60_000);
    const done = value(await agent.wrapup.complete({ callId: call.callId, disposition: 'FOLLOW_UP', callback: { dueAt, note: 'after her meeting' } }));
    expect(seen.named('callbacks.changed').length).toBeGreaterThan(0);

    const upcoming = value(await agent.callbacks.upcoming({ limit: 10 }));
    expect(upcoming).toEqual([
      {
        id: done.callbackId,
        contactId: contact.id,
        contactName: 'Emily Carter',
        number: '+13125550147',
        timezone: 'America/Chicago',
        callId: call.callId,
        dueAt,
        note: 'after her meeting',
        status: 'scheduled',
      },
    ]);

    clock.advance(9 * 60_000);
    expect(seen.named('callbacks.due')).toEqual([]);
    clock.advance(60_000);
    expect(seen.named('callbacks.due')).toEqual([upcoming[0]]);
    clock.advance(10 * 60_000);
    expect(seen.named('callbacks.due')).toHaveLength(1);

    const callbackId = done.callbackId ?? '';
    expect(value(await agent.callbacks.markDone({ callbackId })).status).toBe('done');
    expect(errorOf(await agent.callbacks.cancel({ callbackId }))).toMatchObject({ code: 'CONFLICT' });
    expect(errorOf(await agent.callbacks.markDone({ callbackId: randomUUID() }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(value(await agent.callbacks.upcoming({ limit: 10 }))).toEqual([]);
  });

  it('(fake clock) a callback that fell due while the laptop slept is shown as soon as it wakes (issue 14 item 2)', async () => {
    const clock = new FakeClock('2026-11-26T09:00:00.000Z');
    const { agent, core } = await open(await profileWithCampaigns(clock), clock);
    const seen = events(core);
    value(await agent.campaigns.select({ campaignId: 'renewals' }));
    value(
      await agent.contacts.create({
        fields: { firstName: 'Emily', lastName: 'Carter', timezone: 'America/Chicago', phones: [{ label: 'mobile', number: '+13125550147' }] },
      }),
    );
    const call = await answeredCall(agent, clock, '+13125550147');
    await call.end();
    const done = value(await agent.wrapup.complete({ callId: call.callId, disposition: 'FOLLOW_UP', callback: { dueAt: clock.iso(10 * 60_000), note: 'after her meeting' } }));

    core.reportSleep('suspend');
    clock.sleepThrough(30 * 60_000);
    expect(seen.named('callbacks.due')).toEqual([]);
    // The renderer reports the wake it saw (its clock-jump watchdog), as the browser host's page does.
    value(await agent.app.reportSleep({ state: 'resume' }));
    expect(seen.named('app.sleep')).toEqual([{ state: 'suspend' }, { state: 'resume' }]);
    expect(seen.named('callbacks.due')).toMatchObject([{ id: done.callbackId }]);
  });
});
