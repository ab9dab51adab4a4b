import { useStore } from 'zustand';
import type { AgentApi } from '../../src/contract';
import { createCallbacksStore, type CallbacksState } from './callbacks/callbacks-store';
import { createCustomerStore, type CustomerState } from './customer/customer-store';
import { createKeyboardStore, type KeyboardState } from './keyboard/keyboard-store';
import { startShortcuts } from './keyboard/shortcut-actions';
import { createMessagesStore, type MessagesState } from './messages/messages-store';
import { getPhone } from './phone/phone';
import { CLOCK_JUMP_EVENT } from './phone/recovery/connection-recovery';
import type { PhoneState } from './phone/phone-store';
import { createPreviewDialer, type PreviewState } from './preview-dialing/preview-store';
import { flushAllSavers } from './shared/durable-saver';
import { createScriptStore, type ScriptState } from './script-and-notes/script-store';
import { createWorkstationStore, type WorkstationState } from './status-bar/workstation-store';
import { createOpenWorkStore, type OpenWorkState } from './wrap-up/open-work-store';
import { createWrapupStore, type WrapupState } from './wrap-up/wrapup-store';

/**
 * Every screen region's store, built once from the agent API. Stores live outside React so a
 * screen pop, a due callback or a call outlives whatever React mounts and remounts.
 */
function createDesk(agent: AgentApi) {
  watchSleep(agent);
  const openWork = createOpenWorkStore(agent);
  const workstation = createWorkstationStore(agent);
  const phone = getPhone(agent);
  const keyboard = createKeyboardStore(agent);
  startShortcuts({ agent, engine: phone.engine, phone: phone.store, keyboard, setPresence: (state) => workstation.actions.setPresence(state) });
  return {
    agent,
    workstation,
    keyboard,
    customer: createCustomerStore(agent),
    preview: createPreviewDialer(agent),
    callbacks: createCallbacksStore(agent),
    openWork,
    wrapup: createWrapupStore(agent, openWork),
    script: createScriptStore(agent, openWork),
    phone,
    messages: createMessagesStore(agent),
  };
}
export type Desk = ReturnType<typeof createDesk>;

/**
 * Sleep and wake for the whole desk (issue 14 item 2): on suspend every pending draft and
 * wrap-up is saved durably; a wake the page sees itself (the phone's clock-jump watchdog — the
 * browser host has no powerMonitor) is reported to the core, which syncs at once and shows the
 * callbacks that fell due. The phone engine handles its own side of both (phone-engine.ts).
 */
function watchSleep(agent: AgentApi): void {
  agent.on('app.sleep', ({ state }) => {
    if (state === 'suspend') void flushAllSavers();
  });
  window.addEventListener(CLOCK_JUMP_EVENT, () => void agent.app.reportSleep({ state: 'resume' }));
}

let started: Desk | null = null;

/** The one place the agent API is injected (main.tsx, at start); every store is built here. */
export function startDesk(agent: AgentApi): Desk {
  started ??= createDesk(agent);
  return started;
}

/** The regions' stores and actions, for components; throws before startDesk. */
export function desk(): Desk {
  if (!started) throw new Error('startDesk(agent) must run before the desk renders');
  return started;
}

// How components read a region's state: one hook per region's store, re-rendering on what `select` picks.

/** Session, presence, sync, laptop and today's figures: the top bar and the status bar. */
export const useWorkstation = <T>(select: (s: WorkstationState) => T): T => useStore(desk().workstation.store, select);
/** The phone engine's registration, calls, devices and history. */
export const usePhone = <T>(select: (s: PhoneState) => T): T => useStore(desk().phone.store, select);
export const useCustomer = <T>(select: (s: CustomerState) => T): T => useStore(desk().customer.store, select);
export const usePreview = <T>(select: (s: PreviewState) => T): T => useStore(desk().preview.store, select);
export const useCallbacks = <T>(select: (s: CallbacksState) => T): T => useStore(desk().callbacks.store, select);
/** The open call's work, shared by the script, the notes and the wrap-up. */
export const useOpenWork = <T>(select: (s: OpenWorkState) => T): T => useStore(desk().openWork.store, select);
/** The open call's call script, with any version the core refused. */
export const useScript = <T>(select: (s: ScriptState) => T): T => useStore(desk().script.store, select);
/** The open call's wrap-up: its codes, rule, customer zone and a refused submit. */
export const useWrapup = <T>(select: (s: WrapupState) => T): T => useStore(desk().wrapup.store, select);
/** Supervisors' messages (banner, list, unread count) and the raised hand. */
export const useKeyboard = <T>(select: (s: KeyboardState) => T): T => useStore(desk().keyboard.store, select);
export const useMessages = <T>(select: (s: MessagesState) => T): T => useStore(desk().messages.store, select);
