import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { Environment } from '../../src/core/app/environment';
import { DEFAULT_POWER_THRESHOLDS } from '../../src/core/field/power-policy';
import { ContactHistory } from '../../src/core/contacts/contact-history';
import { ContactRepository } from '../../src/core/contacts/contact-repository';
import { EventBus } from '../../src/core/event-bus';
import { silentLogger } from '../../src/core/log';
import { NoteRepository } from '../../src/core/notes/note-repository';
import { openDatabase, type Db, type StoreCipher } from '../../src/core/store/database';
import { SyncEngine, type SyncEngineOptions } from '../../src/core/sync/engine';
import { startPullWorker } from '../../src/core/sync/pull-worker-client';
import { SyncStatusTracker } from '../../src/core/sync/sync-status';
import { createDemoFileVault } from '../../src/core/vault/demo-file-vault';
import type { SyncStatus } from '../../src/contract';
import type { ApplySummary } from '../../src/core/sync/pull-apply';
import { tempDir } from './test-core';

export interface SyncClient {
  db: Db;
  /** The store's database file (its WAL beside it). */
  file: string;
  engine: SyncEngine;
  bus: EventBus;
  status: SyncStatusTracker;
  environment: Environment;
  contacts: ContactRepository;
  /** Contact history as pulled into this store (the contacts group reads it, with or without a server). */
  history: ContactHistory;
  notes: NoteRepository;
  /** 'applied' (ApplySummary) after each pulled page, 'poke' (PokeMessage) for each poke. */
  events: EventEmitter;
  /** Resolves once the pull worker (when there is one) has its store connection open: what the app's sign-in form gives it time for. */
  workersLoaded(): Promise<void>;
  close(): Promise<void>;
}

/** A real local store (encrypted SQLite, all migrations) with a real sync engine pointed at serverUrl. */
export async function startSyncClient(
  serverUrl: string,
  extra: Partial<SyncEngineOptions> = {},
  options: {
    readonly pullWorker?: { readonly pageSize: number; readonly searchIndexChunk?: number };
    readonly dir?: string;
    readonly key?: Buffer;
    /** A new store's cipher (database.ts StoreCipher): the bench's before-issue-17 run makes a SQLCipher one. */
    readonly newStoreCipher?: StoreCipher;
  } = {},
): Promise<SyncClient> {
  const dir = options.dir ?? tempDir('agent-sync-client-');
  const file = path.join(dir, 'workstation.db');
  const key = options.key ?? randomBytes(32);
  const db = openDatabase({ file, key, newStoreCipher: options.newStoreCipher });
  // The core's pull worker, as createCore starts it (pull-worker-client.ts startPullWorker).
  const pullWorker = options.pullWorker ? startPullWorker(db, { file, key: Buffer.from(key), pageSize: options.pullWorker.pageSize, searchIndexChunk: options.pullWorker.searchIndexChunk }, silentLogger) : null;
  const bus = new EventBus();
  const environment = new Environment(bus, DEFAULT_POWER_THRESHOLDS, null);
  const status = new SyncStatusTracker(db, bus);
  const events = new EventEmitter();
  const engine = new SyncEngine({
    db,
    vault: createDemoFileVault(dir),
    profile: 'test',
    serverUrl,
    status,
    onNetworkChange: (l) => environment.onNetworkChange(l),
    log: silentLogger,
    backoff: { baseMs: 5, maxMs: 100 },
    pushDelayMs: 5,
    onApplied: (summary) => events.emit('applied', summary),
    onPoke: (message) => events.emit('poke', message),
    pullWorker,
    ...extra,
  });
  await engine.start();
  return {
    db,
    file,
    engine,
    bus,
    status,
    environment,
    contacts: new ContactRepository(db),
    history: new ContactHistory(db),
    notes: new NoteRepository(db),
    events,
    workersLoaded: async () => void (await pullWorker?.usable()),
    close: async () => {
      await engine.stop();
      await pullWorker?.close();
      db.close();
    },
  };
}

/** The client's sync status once `predicate` holds: at once if it holds now, else at the first `sync.status` event that makes it. */
export function syncStatusWhen(c: SyncClient, predicate: (s: SyncStatus) => boolean): Promise<SyncStatus> {
  return new Promise((resolve) => {
    if (predicate(c.status.get())) return resolve(c.status.get());
    const off = c.bus.subscribe((name, payload) => {
      if (name === 'sync.status' && predicate(payload as SyncStatus)) {
        off();
        resolve(payload as SyncStatus);
      }
    });
  });
}

/**
 * A client signed in as `username` (password 'pw'), synced, and hearing pokes: the server greets a
 * connected poke socket, so from the greeting on it hears every poke. The caller closes it.
 */
export async function pokedClient(url: string, username: string): Promise<SyncClient> {
  const c = await startSyncClient(url, { poke: true });
  const greeted = new Promise<void>((resolve) => c.events.once('poke', () => resolve()));
  await c.engine.signIn(username, 'pw');
  await c.engine.whenSynced();
  await greeted;
  return c;
}

/** Resolves when a pulled page that touched `contactId` has been applied to the client's store. */
export function contactApplied(c: SyncClient, contactId: string): Promise<void> {
  return new Promise((resolve) => {
    const listener = (s: ApplySummary) => {
      if (!s.contacts.includes(contactId)) return;
      c.events.off('applied', listener);
      resolve();
    };
    c.events.on('applied', listener);
  });
}
