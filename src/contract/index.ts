/** The agent API contract, one import for every side. The groups are listed in ./api. */
export * from './api';
export * from './errors';
export * from './define';
export * from './app';
export * from './presence';
export * from './session';
export * from './sync';
export * from './wire';
export * from './client';
export * from './websocket-transport';
export * from './content-security-policy';
export * from './sync-protocol';
