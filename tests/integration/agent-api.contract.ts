/**
 * One contract suite, run against every transport that carries the agent API: whatever is
 * between the renderer and the core, the answers and events must be the same.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentApi, AgentTransport, Presence } from '../../src/contract';

export interface AgentUnderTest {
  agent: AgentApi;
  /** The raw transport, to send what the typed API would not let a caller write. */
  transport: AgentTransport;
  close(): Promise<void>;
}

export function agentApiContract(transportName: string, open: () => Promise<AgentUnderTest>): void {
  describe(`agent API over ${transportName}`, () => {
    let subject: AgentUnderTest;
    beforeEach(async () => {
      subject = await open();
    });
    afterEach(async () => {
      await subject.close();
    });

    it('answers who is signed in on the demo profile', async () => {
      const r = await subject.agent.session.get({});
      expect(r).toMatchObject({ ok: true, value: { profile: 'demo', demo: true, agent: { displayName: 'Ayesha Khan' } } });
    });

    it('starts Offline, then sets presence, announces it and keeps it', async () => {
      const initial = await subject.agent.presence.get({});
      expect(initial.ok && initial.value.state).toBe('Offline');

      const announced = new Promise<Presence>((resolve) => {
        const off = subject.agent.on('presence.changed', (p) => {
          off();
          resolve(p);
        });
      });
      const set = await subject.agent.presence.set({ state: 'Break', reason: 'Prayer' });
      expect(set).toMatchObject({ ok: true, value: { state: 'Break', reason: 'Prayer' } });
      expect(await announced).toMatchObject({ state: 'Break', reason: 'Prayer' });
      expect(await subject.agent.presence.get({})).toMatchObject({ ok: true, value: { state: 'Break' } });
    });

    it('queues each presence change for the server and shows it as pending', async () => {
      const before = await subject.agent.sync.status({});
      await subject.agent.presence.set({ state: 'Available' });
      const after = await subject.agent.sync.status({});
      expect(before.ok && after.ok).toBe(true);
      if (before.ok && after.ok) expect(after.value.pending).toBe(before.value.pending + 1);
    });

    it('refuses bad input with INVALID_INPUT and changes nothing', async () => {
      await subject.agent.presence.set({ state: 'Available' });
      const bad = [
        { state: 'Asleep' },
        { state: 'Break', reason: 'x'.repeat(201) },
        { state: 'Break', extra: 1 },
        { state: 42 },
        null,
        'Available',
      ];
      for (const input of bad) {
        const r = await subject.transport.request('presence.set', input);
        expect(r.ok || r.error.code, JSON.stringify(input)).toBe('INVALID_INPUT');
      }
      expect(await subject.agent.presence.get({})).toMatchObject({ ok: true, value: { state: 'Available' } });
    });

    it('refuses an unknown method with UNKNOWN_METHOD', async () => {
      const r = await subject.transport.request('presence.delete', {});
      expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    });

    it('reports the app and its environment', async () => {
      const info = await subject.agent.app.info({});
      expect(info).toMatchObject({ ok: true, value: { name: 'Agent Workstation', host: 'browser' } });
      const status = await subject.agent.app.status({});
      expect(status.ok && ['online', 'offline'].includes(status.value.network)).toBe(true);
    });
  });
}
