import { useStore } from 'zustand';
import type { AgentApi } from '../../../src/contract';
import { PhoneEngine, STOCK, type CallDiagnostics } from './phone-engine';
import { createPhoneStore, type PhoneState, type PhoneStore } from './phone-store';

declare global {
  interface Window {
    /** Read-only media counters of the calls in progress, for support and the end-to-end tests. */
    phoneDiagnostics?: () => Promise<CallDiagnostics[]>;
    phoneRegistration?: () => { phase: string; registeredAt: number | null };
  }
}

interface Phone {
  readonly engine: PhoneEngine;
  readonly store: PhoneStore;
}

let phone: Phone | null = null;

/**
 * One engine per page, whatever React mounts and remounts: calls must outlive components.
 * `?phoneTuning=stock` runs JsSIP's own defaults, for the benchmark's baseline.
 */
export function getPhone(agent: AgentApi): Phone {
  if (phone) return phone;
  const store = createPhoneStore();
  const stock = new URLSearchParams(window.location.search).get('phoneTuning') === 'stock';
  const engine = new PhoneEngine(agent, store, stock ? STOCK : {});
  phone = { engine, store };
  window.phoneDiagnostics = () => engine.diagnostics();
  window.phoneRegistration = () => ({ phase: store.getState().registration.phase, registeredAt: store.getState().registeredAt });
  void engine.start();
  // A tel:/sip: link the app was opened with (?dial=…): dial once the phone is registered.
  const handed = new URLSearchParams(window.location.search).get('dial');
  if (handed) {
    const stop = store.subscribe((s) => {
      if (s.registration.phase !== 'registered') return;
      stop();
      void engine.dial(handed);
    });
  }
  return phone;
}

export function usePhoneState<T>(agent: AgentApi, select: (s: PhoneState) => T): T {
  return useStore(getPhone(agent).store, select);
}
