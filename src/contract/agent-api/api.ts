/**
 * The agent API: the one place the renderer and the core meet. Adding a call means adding it
 * to a group here and to the core's handlers; the transports and window.agent follow.
 */
import type { ApiClient, ApiHandlers, EventListener } from './define';
import { app, appEvents } from './app';
import { callbacks, callbacksEvents } from './callbacks';
import { calls, callsEvents } from './calls';
import { campaigns, campaignsEvents } from './campaigns';
import { contacts, contactsEvents } from './contacts';
import { keyboard, keyboardEvents } from './keyboard';
import { kpis } from './kpis';
import { messages, messagesEvents } from './messages';
import { notes } from './notes';
import { wrapup, wrapupEvents } from './wrapup';
import { phone, phoneEvents } from './phone';
import { presence, presenceEvents } from './presence';
import { scripts, scriptsEvents } from './scripts';
import { session, sessionEvents } from './session';
import { sync, syncEvents } from './sync';

export const api = {
  session,
  presence,
  app,
  sync,
  contacts,
  calls,
  notes,
  wrapup,
  callbacks,
  phone,
  campaigns,
  scripts,
  kpis,
  messages,
  keyboard,
} as const;
export type Api = typeof api;

export const events = {
  ...sessionEvents,
  ...presenceEvents,
  ...appEvents,
  ...syncEvents,
  ...contactsEvents,
  ...callsEvents,
  ...wrapupEvents,
  ...callbacksEvents,
  ...phoneEvents,
  ...campaignsEvents,
  ...scriptsEvents,
  ...messagesEvents,
  ...keyboardEvents,
} as const;
export type Events = typeof events;
export type EventName = keyof Events & string;

export type AgentApi = ApiClient<Api> & { on: EventListener<Events> };
export type CoreHandlers = ApiHandlers<Api>;

