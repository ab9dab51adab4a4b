/**
 * The status bar's store (renderer/src/status-bar/workstation-store.ts) reloads the core's state
 * when the page reconnects (a host restart). An event that arrives while that reload's answers are
 * on their way is newer than them: after a restart the page's battery report landed between the
 * answers and the desk read "Power unknown" until the next battery event (found by a new-user
 * trial). The core is a fake transport: that order is what a real one gives only by chance.
 */
import { describe, expect, it } from 'vitest';
import { createAgentApi, type AppStatus, type Result } from '../../src/contract';
import { createWorkstationStore } from '../../renderer/src/status-bar/workstation-store';

const status = (power: AppStatus['power'], batteryPercent: number | null): AppStatus => ({
  network: 'online',
  power,
  batteryPercent,
  powerAlert: 'none',
  battery: { lowPercent: 15, criticalPercent: 7 },
  idleAway: null,
});

function fakeCore() {
  const listeners = new Set<(name: string, payload: unknown) => void>();
  let releaseStatus: () => void = () => undefined;
  const statusAnswered = new Promise<void>((resolve) => (releaseStatus = resolve));
  const answers: Record<string, () => Promise<Result<unknown>>> = {
    // The restarted core has not heard the page's battery yet when it answers.
    'app.status': async () => {
      await statusAnswered;
      return { ok: true, value: status('unknown', null) };
    },
  };
  const agent = createAgentApi({
    request: (method) => answers[method]?.() ?? Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: `no fake for ${method}` } }),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  return { agent, releaseStatus, emit: (name: string, payload: unknown) => listeners.forEach((l) => l(name, payload)) };
}

describe('status bar reload after a reconnect', () => {
  it('keeps the battery an event reported over the older answer the reload was waiting for', async () => {
    const { agent, releaseStatus, emit } = fakeCore();
    const { store, actions } = createWorkstationStore(agent);
    const loaded = actions.load();
    emit('app.status', status('ac', 100));
    releaseStatus();
    await loaded;
    expect(store.getState().environment).toMatchObject({ power: 'ac', batteryPercent: 100 });
    expect(store.getState().connected).toBe(true);
  });

  it('takes the answer when no event came meanwhile', async () => {
    const { agent, releaseStatus } = fakeCore();
    const { store, actions } = createWorkstationStore(agent);
    const loaded = actions.load();
    releaseStatus();
    await loaded;
    expect(store.getState().environment).toMatchObject({ power: 'unknown' });
  });
});
