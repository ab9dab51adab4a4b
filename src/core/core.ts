import fs from 'node:fs';
import path from 'node:path';
import { AgentError, api, type AppInfo, type AppStatus, type CallContext, type CoreHandlers, type Result, type Session } from '../contract';
import { appHandlers } from './app/app-handlers';
import { callHandlers } from './calls/call-handlers';
import { campaignHandlers } from './campaigns/campaign-handlers';
import { CampaignRepository } from './campaigns/campaign-repository';
import { CallRepository } from './calls/call-repository';
import { contactHandlers } from './contacts/contact-handlers';
import { ContactRepository } from './contacts/contact-repository';
import { noteHandlers } from './notes/note-handlers';
import { NoteRepository } from './notes/note-repository';
import { guardStore } from './store/store-guard';
import { wrapupHandlers } from './wrapup/wrapup-handlers';
import { WrapupRepository } from './wrapup/wrapup-repository';
import { Environment } from './app/environment';
import { createDispatcher } from './dispatcher';
import { EventBus, type CoreEventListener } from './event-bus';
import type { Logger } from './log';
import { phoneHandlers } from './phone/phone-handlers';
import type { PhoneSeed } from './phone/phone-seed';
import { PhoneService } from './phone/phone-service';
import { PresenceRepository } from './presence/presence-repository';
import { PresenceService } from './presence/presence-service';
import { presenceHandlers } from './presence/presence-handlers';
import { sessionHandlers } from './session/session-handlers';
import { openDatabase, type Db } from './store/database';
import { obtainDatabaseKey } from './store/database-key';
import { SyncEngine } from './sync/engine';
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
  /** A SIP account the host pre-seeds (IT's config, the demo account, a test's extension). */
  readonly phoneSeed?: PhoneSeed | null;
  /** The sync server; without it the profile works offline only. Credentials sign in automatically (demo only). */
  readonly sync?: { readonly serverUrl: string; readonly credentials?: { readonly username: string; readonly password: string } } | null;
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
    throw new AgentError(
      'VAULT_UNAVAILABLE',
      `Profile "${profile}" needs the OS keychain (or Electron safeStorage) for its database key; the ${vault.description} is only for the demo profile.`,
    );
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

  let engine: SyncEngine | null = null;
  if (options.sync) {
    engine = new SyncEngine({
      db,
      vault,
      profile,
      serverUrl: options.sync.serverUrl,
      status: syncStatus,
      changes,
      onNetworkChange: (l) => environment.onNetworkChange(l),
      log: log.child({ part: 'sync' }),
      onRejected: (r) => bus.emit('sync.rejected', r),
      onApplied: (summary) => {
        // Another agent's edit shows in an open CRM panel at once; an initial sync's pages
        // are too many to announce one by one, the panel reads them when it next asks.
        if (summary.contacts.length > 50) return;
        for (const id of new Set(summary.contacts)) {
          const contact = contacts.get(id);
          if (contact) bus.emit('contacts.changed', contact);
        }
      },
      onSession: (agent) => {
        session.agent = agent;
        bus.emit('session.changed', session);
      },
    });
  }

  const phone = new PhoneService({ db, vault, bus, profile, log: log.child({ part: 'phone' }), presence: () => presence.get().state });
  const seed = options.phoneSeed;
  if (seed && (seed.replace || (await phone.account()) === null)) await phone.setAccount(seed.account);

  const contacts = new ContactRepository(db);
  const calls = new CallRepository(db);
  const notes = new NoteRepository(db);
  const wrapups = new WrapupRepository(db, calls, notes);
  const campaigns = new CampaignRepository(db);

  const handlers: CoreHandlers = {
    session: sessionHandlers(() => session, () => engine),
    presence: presenceHandlers(presence),
    app: appHandlers({ ...options.app, platform: process.platform }, environment),
    sync: syncHandlers(syncStatus, () => engine),
    contacts: guardStore(contactHandlers(contacts, calls, bus, changes), file),
    calls: guardStore(callHandlers(calls, bus, changes), file),
    notes: guardStore(noteHandlers(notes, changes), file),
    wrapup: guardStore(wrapupHandlers(wrapups, changes), file),
    phone: phoneHandlers(phone),
    campaigns: guardStore(campaignHandlers(campaigns, bus), file),
  };
  const dispatch = createDispatcher(api, handlers, log.child({ part: 'api' }));
  log.info('core started', { profile, demo, vault: vault.description, dataDir });
  if (engine) {
    const e = engine;
    await e.start();
    const credentials = options.sync?.credentials;
    if (!e.agent && credentials) {
      e.signIn(credentials.username, credentials.password).catch((err: unknown) => log.warn('sync sign-in failed', { error: err }));
    }
  }

  return {
    dispatch,
    subscribe: (l) => bus.subscribe(l),
    reportEnvironment: (patch) => environment.update(patch),
    close: () => {
      void engine?.stop();
      db.close();
      log.info('core closed', { profile });
    },
  };
}
