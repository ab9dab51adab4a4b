import fs from 'node:fs';
import path from 'node:path';
import { api, type AppInfo, type AppStatus, type CallContext, type CoreHandlers, type Result, type Session } from '../contract';
import { appHandlers } from './app/app-handlers';
import { Environment } from './app/environment';
import { createDispatcher } from './dispatcher';
import { EventBus, type CoreEventListener } from './event-bus';
import type { Logger } from './log';
import { PresenceRepository } from './presence/presence-repository';
import { PresenceService } from './presence/presence-service';
import { presenceHandlers } from './presence/presence-handlers';
import { sessionHandlers } from './session/session-handlers';
import { openDatabase, type Db } from './store/database';
import { obtainDatabaseKey } from './store/database-key';
import { LocalChanges } from './sync/local-changes';
import { syncHandlers } from './sync/sync-handlers';
import { SyncStatusTracker } from './sync/sync-status';
import type { KeyVault } from './vault/key-vault';

export interface CoreOptions {
  /** The profile's own folder: the database and, for the demo, its key file. */
  readonly dataDir: string;
  readonly profile: string;
  readonly demo: boolean;
  readonly vault: KeyVault;
  readonly app: Omit<AppInfo, 'platform'>;
  readonly log: Logger;
}

export interface Core {
  dispatch(method: string, input: unknown, ctx: CallContext): Promise<Result<unknown>>;
  subscribe(listener: CoreEventListener): () => void;
  /** Hosts report power and network here; the core tells the renderer and the sync engine. */
  reportEnvironment(patch: Partial<AppStatus>): void;
  close(): void;
}

export const DATABASE_FILE = 'workstation.db';

/** Opens the profile's store and wires every API group to its implementation. */
export async function createCore(options: CoreOptions): Promise<Core> {
  const { dataDir, profile, demo, vault, log } = options;
  if (vault.insecure && !demo) {
    throw new Error(`Profile "${profile}" needs the OS keychain; the ${vault.description} is only for the demo profile.`);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DATABASE_FILE);
  const exists = fs.existsSync(file) && fs.statSync(file).size > 0;
  const key = await obtainDatabaseKey(vault, profile, exists);
  const db: Db = openDatabase({ file, key });
  key.fill(0);

  const bus = new EventBus();
  const environment = new Environment(bus);
  const changes = new LocalChanges();
  const presence = new PresenceService(new PresenceRepository(db), bus, changes);
  const syncStatus = new SyncStatusTracker(db, bus);
  changes.subscribe(() => syncStatus.refreshPending());

  const session: Session = {
    profile,
    demo,
    agent: demo ? { id: 'agent-demo', username: 'demo', displayName: 'Ayesha Khan' } : null,
  };

  const handlers: CoreHandlers = {
    session: sessionHandlers(() => session),
    presence: presenceHandlers(presence),
    app: appHandlers({ ...options.app, platform: process.platform }, environment),
    sync: syncHandlers(syncStatus),
  };
  const dispatch = createDispatcher(api, handlers, log.child({ part: 'api' }));
  log.info('core started', { profile, demo, vault: vault.description, dataDir });

  return {
    dispatch,
    subscribe: (l) => bus.subscribe(l),
    reportEnvironment: (patch) => environment.update(patch),
    close: () => {
      db.close();
      log.info('core closed', { profile });
    },
  };
}
