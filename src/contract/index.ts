/**
 * The contract, one import for every side. Three parts, each in its own folder:
 * - `agent-api/`: the agent API between the renderer and the local core (groups listed in ./agent-api/api);
 * - `sync-wire/`: the sync server's wire protocol (push, pull, poke, sign-in) between the core and the server;
 * - `transport/`: how the agent API travels (the loopback WebSocket's frames, the typed client);
 * and `shared/`: the value types and text limits all three speak in, each defined once.
 */
export * from './shared/primitives';
export * from './shared/text-limits';
export * from './shared/contact-fields';
export * from './shared/presence-state';
export * from './shared/storable-text';
export * from './shared/sensitive-numbers';
export * from './shared/errors';
export * from './shared/secure-url';
export * from './agent-api/api';
export * from './agent-api/define';
export * from './agent-api/app';
export * from './agent-api/admin-policy';
export * from './agent-api/presence';
export * from './agent-api/phone';
export * from './agent-api/session';
export * from './agent-api/sync';
export * from './agent-api/contacts';
export * from './agent-api/calls';
export * from './agent-api/notes';
export * from './agent-api/wrapup';
export * from './agent-api/callbacks';
export * from './agent-api/campaigns';
export * from './agent-api/kpis';
export * from './agent-api/messages';
export * from './agent-api/keyboard';
export * from './agent-api/wrapup-rule';
export * from './agent-api/call-script';
export * from './agent-api/scripts';
export * from './sync-wire/sync-protocol';
export * from './transport/frames';
export * from './transport/client';
export * from './transport/websocket-transport';
export * from './content-security-policy';
export * from './sync-wire/heartbeat';
export * from './console/console-wire';
