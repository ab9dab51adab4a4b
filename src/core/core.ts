import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { AgentError, api, PULL_PAGE_MAX, CallRecord, type AdminPolicyView, type AppInfo, type CallContext, type CoreHandlers, type LineQualityReport, type Result, type Session, type SignInResponse, type SleepState } from '../contract';
import { appHandlers } from './app/app-handlers';
import { callHandlers } from './calls/call-handlers';
import { campaignHandlers } from './campaigns/campaign-handlers';
import { keyboardHandlers } from './keyboard/keyboard-handlers';
import { ShortcutSettings } from './keyboard/shortcut-settings';
import { kpiHandlers } from './kpis/kpi-handlers';
import { CampaignRepository } from './campaigns/campaign-repository';
import { LeadRepository } from './campaigns/lead-repository';
import { CallRepository } from './calls/call-repository';
import { contactHandlers } from './contacts/contact-handlers';
import { ContactHistory } from './contacts/contact-history';
import { ContactRepository } from './contacts/contact-repository';
import { numberNormalizer } from './contacts/phone-number';
import { noteHandlers } from './notes/note-handlers';
import { NoteRepository } from './notes/note-repository';
import { guardStore } from './store/store-guard';
import { wrapupHandlers } from './wrapup/wrapup-handlers';
import { WrapupRepository } from './wrapup/wrapup-repository';
import { WorkFlow } from './wrapup/work-flow';
import { callbackHandlers } from './callbacks/callback-handlers';
import { CallbackReminders } from './callbacks/callback-reminders';
import { CallbackRepository } from './callbacks/callback-repository';
import { systemClock, type Clock } from './clock';
import { scriptHandlers } from './scripts/script-handlers';
import { ScriptRepository } from './scripts/script-repository';
import { Environment, type HostReading } from './app/environment';
import { FieldWatch } from './field/field-watch';
import type { IdleAwayPolicy } from './field/idle-away';
import { DEFAULT_POWER_THRESHOLDS, type PowerThresholds } from './field/power-policy';
import { writeDiagnostics } from './diagnostics/diagnostics';
import { purgeExpired } from './retention/retention';
import { createDispatcher } from './dispatcher';
import { EventBus, type CoreEventListener } from './event-bus';
import type { Logger } from './log';
import type { LogFiles } from './log-files';
import { phoneHandlers } from './phone/phone-handlers';
import type { PhoneSeed } from './phone/phone-seed';
import { PhoneService } from './phone/phone-service';
import { PresenceRepository } from './presence/presence-repository';
import { PresenceService } from './presence/presence-service';
import { presenceHandlers } from './presence/presence-handlers';
import { sessionHandlers } from './session/session-handlers';
import { openDatabase, type Db } from './store/database';
import { obtainDatabaseKey } from './store/database-key';
import { messageHandlers, messageList, RaisedHand } from './messages/message-handlers';
import { MessageRepository } from './messages/message-repository';
import { SyncEngine } from './sync/engine';
import { heartbeatOf } from './sync/heartbeat';
import { Outbox } from './sync/outbox';
import { startPullWorker } from './sync/pull-worker-client';
import { syncHandlers } from './sync/sync-handlers';
import { SyncStatusTracker } from './sync/sync-status';
import type { KeyVault } from './vault/key-vault';

export interface CoreOptions {
  /** The profile's own folder: the database and, for the demo, its key file. */
  readonly dataDir: string;
  readonly profile: string;
  /**
   * The keychain scope of this store's key and sync token: the profile, or one agent's store
   * within it (workstation.ts). The phone's account stays the profile's: it is the workstation's line.
   */
  readonly vaultScope?: string;
  readonly demo: boolean;
  readonly vault: KeyVault;
  readonly app: Omit<AppInfo, 'platform'>;
  readonly log: Logger;
  /** A SIP account the host pre-seeds (IT's config, the demo account, a test's extension). */
  readonly phoneSeed?: PhoneSeed | null;
  /** The sync server; without it the profile works offline only. Credentials sign in automatically (demo only). */
  readonly sync?: {
    readonly serverUrl: string;
    readonly credentials?: { readonly username: string; readonly password: string };
    /** The workstation's id for the server (device revocation); the store's client id by default. */
    readonly deviceId?: string;
    /** Where sign-outs waiting for the server are kept (the profile); vaultScope by default. */
    readonly signOutScope?: string;
    /** A session the server issued, to take at start (the workstation opening the agent's store). */
    readonly adopt?: SignInResponse;
    /**
     * Resolves when the server first answers: the demo's embedded server starts after the desk
     * (issue 16 A9). The core signs in with `credentials`, or syncs, at once then instead of
     * waiting out a backoff. Without it the server is taken to be up (or a real, remote one).
     */
    readonly ready?: Promise<void>;
  } | null;
  /** The country a number without a country code belongs to (ISO code; PK unless IT sets another). */
  readonly defaultCountry?: string;
  /** Time and timers for the core's deadlines (timed wrap-up, callback reminders); tests pass a fake. */
  readonly clock?: Clock;
  /** IT's rules for the laptop (battery levels, auto-away); see src/core/field/. Defaults: 15/7 %, auto-away off. */
  readonly field?: { readonly power?: PowerThresholds; readonly idleAway?: IdleAwayPolicy | null };
  /** The host's rotated log files (log-files.ts), flushed and read by a diagnostics export; default: `<dataDir>/logs` as it is. */
  readonly logFiles?: Pick<LogFiles, 'dir' | 'flush'>;
  /** IT's machine-wide policy (policy/admin-policy.ts `readAdminPolicy`); none when the host read none. */
  readonly policy?: AdminPolicyView;
}

export interface Core {
  dispatch(method: string, input: unknown, ctx: CallContext): Promise<Result<unknown>>;
  subscribe(listener: CoreEventListener): () => void;
  /** Hosts report power and network here; the core tells the renderer and the sync engine. */
  reportEnvironment(patch: HostReading): void;
  /** The host saw keyboard or mouse input at `at` (Electron: the system's idle time), for auto-away. */
  reportInputAt(at: Date): void;
  /** Hosts report the laptop going to sleep or waking (Electron's powerMonitor) here. */
  reportSleep(state: SleepState): void;
  close(): void;
  /** Stops syncing (waiting for a running attempt), then closes the store. */
  shutdown(): Promise<void>;
  /**
   * IT revoked this workstation (DEVICE_REVOKED): the last push before the store is wiped
   * (SyncEngine.pushBeforeWipe). Resolves the mutations left unpushed.
   */
  pushBeforeWipe?(): Promise<number>;
}

export const DATABASE_FILE = 'workstation.db';
/** The profile's log folder, beside its database. */
export const LOG_DIR = 'logs';

/** How often the retention purge runs while the app is open (and once at start). */
export const RETENTION_PURGE_EVERY_MS = 6 * 3_600_000;

/** Runs IT's retention purge now and every few hours on the core's clock; none without a policy. Returns its stop. */
function scheduleRetention(db: Db, days: number | undefined, clock: Clock, log: Logger): () => void {
  if (days === undefined) return () => undefined;
  let cancel: () => void = () => undefined;
  const run = () => {
    try {
      const purged = purgeExpired(db, days, clock.now());
      if (purged.calls || purged.notes || purged.contacts) {
        log.info('purged synced customer data past retention', { days, purgedCalls: purged.calls, purgedNotes: purged.notes, purgedContacts: purged.contacts });
      }
    } catch (err) {
      log.warn('retention purge failed; retried next time', { error: err });
    }
    cancel = clock.setTimer(run, RETENTION_PURGE_EVERY_MS);
  };
  run();
  return () => cancel();
}

/** The settings table as key → value, JSON values parsed: for a diagnostics export, which removes secrets. */
function readSettings(db: Db): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings ORDER BY key').all()) {
    try {
      out[key] = JSON.parse(value) as unknown;
    } catch {
      out[key] = value;
    }
  }
  return out;
}

/**
 * Changes per page the pull worker asks for: the most the server serves (PULL_PAGE_MAX). Fewer,
 * larger pages cut a first sync's requests, page queries and authentications fivefold against
 * pages of 1,000; the worker writes each in transactions of PULL_TRANSACTION_CHANGES, so an
 * agent's save made meanwhile waits for one of those, not for the whole page.
 */
export const PULL_WORKER_PAGE_SIZE = PULL_PAGE_MAX;

/** Opens the profile's store and wires every API group to its implementation. */
export async function createCore(options: CoreOptions): Promise<Core> {
  const { dataDir, profile, demo, vault, log } = options;
  // The host's setting, else IT's policy, else PK.
  const normalizeNumber = numberNormalizer(options.defaultCountry ?? options.policy?.policy.defaultCountry);
  if (vault.insecure && !demo) {
    throw new AgentError(
      'VAULT_UNAVAILABLE',
      `Profile "${profile}" needs the OS keychain (or Electron safeStorage) for its database key; the ${vault.description} is only for the demo profile.`,
    );
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DATABASE_FILE);
  const exists = fs.existsSync(file) && fs.statSync(file).size > 0;
  const vaultScope = options.vaultScope ?? profile;
  const key = await obtainDatabaseKey(vault, vaultScope, exists);
  const db: Db = openDatabase({ file, key });
  // Pulls are applied in a worker thread with its own connection (it keeps a copy of the key
  // only until that connection is open): a first sync never holds the host's event loop.
  // While it is usable it also takes the store's checkpoints off the host's loop.
  const pullWorker = options.sync ? startPullWorker(db, { file, key, defaultCountry: options.defaultCountry, pageSize: PULL_WORKER_PAGE_SIZE }, log.child({ part: 'sync' })) : null;
  key.fill(0);

  const clock = options.clock ?? systemClock;
  const bus = new EventBus();
  const environment = new Environment(bus, options.field?.power ?? DEFAULT_POWER_THRESHOLDS, options.field?.idleAway ?? null);
  const presence = new PresenceService(new PresenceRepository(db), bus);
  const syncStatus = new SyncStatusTracker(db, bus);

  const session: Session = {
    profile,
    demo,
    syncServer: options.sync?.serverUrl ?? null,
    agent: demo ? { id: 'agent-demo', username: 'demo', displayName: 'Ayesha Khan' } : null,
  };

  // The call in progress, for the supervisors' board: the newest call not yet ended.
  let openCall: CallRecord | null = null;
  /** The page's latest judgement of the line to the phone server (app.reportLineQuality), for the heartbeat. */
  let lineQuality: LineQualityReport = { level: null, mos: null };
  const messages = new MessageRepository(db);
  const messagesChanged = () => bus.emit('messages.changed', messageList(messages, hand));
  const hand = new RaisedHand(() => {
    messagesChanged();
    engine?.heartbeatChanged();
  });
  let engine: SyncEngine | null = null;
  if (options.sync) {
    engine = new SyncEngine({
      db,
      vault,
      profile: vaultScope,
      deviceId: options.sync.deviceId,
      signOutScope: options.sync.signOutScope,
      serverUrl: options.sync.serverUrl,
      status: syncStatus,
      onNetworkChange: (l) => environment.onNetworkChange(l),
      log: log.child({ part: 'sync' }),
      clock,
      normalizeNumber,
      pullWorker,
      // A live call's audio comes first on a thin line: bulk transfers wait for its end (transfer-budget.ts).
      callLive: () => wrapups.workPhase() === 'on-call',
      onRejected: (r) => bus.emit('sync.rejected', r),
      onApplied: (summary) => {
        // A script installed or refused: an open script panel reloads (and shows any refusal).
        if (summary.scripts > 0) bus.emit('scripts.changed', {});
        if (summary.messages > 0) messagesChanged();
        if (summary.callbacks > 0) {
          bus.emit('callbacks.changed', {});
          reminders.check();
        }
        // Campaigns, leads or the DNC list changed: the campaign picker and lead preview reload.
        if (summary.campaigns > 0) bus.emit('campaigns.changed', { active: campaigns.active() });
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
      heartbeat: () =>
        heartbeatOf({
          presence: presence.get(),
          phone: phone.getStatus(),
          openCall,
          environment: environment.get(),
          pendingMutations: Outbox.for(db).pending(),
          handRaised: hand.get(),
          line: lineQuality,
        }),
    });
    // What the board shows changed: beat now rather than at the next interval.
    const e = engine;
    bus.subscribe((name, payload) => {
      if (name === 'calls.updated') {
        const call = CallRecord.safeParse(payload);
        if (call.success && call.data.endedAt === null) openCall = call.data;
        else if (call.success && openCall?.id === call.data.id) openCall = null;
      }
      if (name === 'presence.changed' || name === 'phone.status' || name === 'calls.updated' || name === 'app.status') e.heartbeatChanged();
      // A call ended (or its wrap-up, after a crash left it open, was submitted): what it held back goes.
      if (name === 'calls.updated' || name === 'presence.changed') e.callEnded();
    });
  }

  const phone = new PhoneService({
    db,
    vault,
    bus,
    profile,
    log: log.child({ part: 'phone' }),
    presence: () => presence.get().state,
    policy: options.policy?.policy,
  });
  const seed = options.phoneSeed;
  if (seed && (seed.replace || (await phone.account()) === null)) {
    try {
      await phone.setAccount(seed.account, 'it');
    } catch (err) {
      // IT's AGENT_SIP_* settings are wrong: the desk still starts (CRM, notes and sync work) with
      // whatever account the profile had, and the log says exactly which setting to mend.
      const why = err instanceof z.ZodError ? z.prettifyError(err) : err instanceof Error ? err.message : String(err);
      log.error('phone: the SIP account from the environment was refused; the stored one stays', { why });
    }
  }

  const contacts = new ContactRepository(db);
  const calls = new CallRepository(db, normalizeNumber);
  const notes = new NoteRepository(db);
  const wrapups = new WrapupRepository(db, calls, notes);
  const campaigns = new CampaignRepository(db);
  const callbacks = new CallbackRepository(db);
  const reminders = new CallbackReminders(callbacks, bus, clock, log.child({ part: 'callbacks' }));
  // Waking from sleep: callbacks that fell due meanwhile are shown now, and the list reloads.
  environment.onResume(() => {
    reminders.check();
    bus.emit('callbacks.changed', {});
  });
  const work = new WorkFlow({
    db,
    wrapups,
    campaigns,
    presence,
    bus,
    clock,
    log: log.child({ part: 'work' }),
    onCallbackScheduled: () => {
      bus.emit('callbacks.changed', {});
      reminders.check();
    },
  });
  const field = new FieldWatch({
    environment,
    presence: () => presence.get(),
    phase: () => wrapups.workPhase(),
    requestPresence: (state, reason) => work.requestPresence(state, reason),
    syncNow: () => void engine?.syncNow().catch((err: unknown) => log.warn('sync on battery failed', { error: err })),
    idleAway: options.field?.idleAway ?? null,
    lowBatteryState: 'Break',
    clock,
    log: log.child({ part: 'field' }),
  });
  const stopFieldEvents = bus.subscribe((name) => {
    if (name === 'presence.changed') field.check();
  });
  const leads = new LeadRepository(db, contacts);
  calls.onNewCall((call) => leads.linkNewCall(call, campaigns.active()?.id ?? null));
  const scripts = new ScriptRepository(db, { calls, contacts, campaigns, agentName: () => session.agent?.displayName ?? null });

  const handlers: CoreHandlers = {
    session: sessionHandlers(() => session, () => engine),
    presence: guardStore(presenceHandlers(presence, (state, reason) => work.requestPresence(state, reason)), file),
    app: appHandlers({ ...options.app, platform: process.platform }, environment, () => field.input(), async () => {
      await options.logFiles?.flush();
      return writeDiagnostics(dataDir, {
        now: clock.now(),
        versions: { ...options.app, platform: process.platform, arch: process.arch, os: `${os.type()} ${os.release()}`, runtime: process.versions },
        settings: readSettings(db),
        phone: { status: phone.getStatus(), account: await dispatch('phone.account', {}, { transport: 'in-process' }) },
        sync: syncStatus.get(),
        environment: environment.get(),
        logDir: options.logFiles?.dir ?? path.join(dataDir, LOG_DIR),
        policy: options.policy ?? null,
      });
    }, options.policy ?? { policy: {}, problems: [], file: null }, (line) => {
      lineQuality = line;
      engine?.heartbeatChanged();
    }),
    sync: syncHandlers(syncStatus, () => engine),
    contacts: guardStore(contactHandlers(contacts, calls, new ContactHistory(db), bus, normalizeNumber), file),
    calls: guardStore(callHandlers(calls, bus, clock), file),
    notes: guardStore(noteHandlers(notes), file),
    wrapup: guardStore(wrapupHandlers(wrapups, work), file),
    callbacks: guardStore(callbackHandlers(callbacks, reminders, bus, clock), file),
    phone: phoneHandlers(phone),
    campaigns: guardStore(campaignHandlers(campaigns, bus, leads, phone), file),
    scripts: guardStore(scriptHandlers(scripts), file),
    kpis: guardStore(kpiHandlers(db, clock), file),
    messages: guardStore(messageHandlers(messages, hand, clock, messagesChanged), file),
    keyboard: guardStore(keyboardHandlers(new ShortcutSettings(db, bus, log.child({ part: 'keyboard' })), bus), file),
  };
  const dispatch = createDispatcher(api, handlers, log.child({ part: 'api' }));
  // Presence back in line with the store (Wrap-up after a crash mid wrap-up; a timed wrap-up that
  // ran out while the app was down ends now), then the callback reminders' first look.
  work.start();
  reminders.check();
  field.check();
  const stopRetention = scheduleRetention(db, options.policy?.policy.retentionDays, clock, log.child({ part: 'retention' }));
  log.info('core started', { profile, demo, vault: vault.description, dataDir });
  let closed = false;
  if (engine) {
    const e = engine;
    // Said before the engine's first "not signed in", so the desk never asks for a sign-in the
    // server can't take yet.
    if (options.sync?.ready) syncStatus.serverStarting(true);
    await e.start();
    const adopt = options.sync?.adopt;
    if (adopt) await e.adopt(adopt);
    const credentials = options.sync?.credentials;
    const signInOrSync = () => {
      if (!e.agent && credentials) {
        e.signIn(credentials.username, credentials.password).catch((err: unknown) => log.warn('sync sign-in failed', { error: err }));
      } else if (e.agent && options.sync?.ready) {
        e.syncNow().catch((err: unknown) => log.warn('sync after the server started failed', { error: err }));
      }
    };
    const ready = options.sync?.ready;
    if (ready) {
      ready.then(
        () => {
          syncStatus.serverStarting(false);
          if (!closed) signInOrSync();
        },
        (err: unknown) => {
          // The engine's own attempts then say what is wrong (SERVER_UNREACHABLE).
          syncStatus.serverStarting(false);
          log.warn('the embedded sync server did not start', { error: err });
        },
      );
    }
    else signInOrSync();
  }

  return {
    dispatch,
    subscribe: (l) => bus.subscribe(l),
    reportEnvironment: (patch) => environment.update(patch),
    reportInputAt: (at) => field.input(at),
    reportSleep: (state) => environment.sleep(state),
    pushBeforeWipe: async () => (engine ? engine.pushBeforeWipe() : Outbox.for(db).pending()),
    close: () => {
      closed = true;
      stopFieldEvents();
      field.close();
      stopRetention();
      work.close();
      reminders.close();
      void engine
        ?.stop()
        .finally(() => pullWorker?.close())
        .catch((err: unknown) => log.warn('pull worker did not close cleanly', { error: err }));
      db.close();
      log.info('core closed', { profile });
    },
    shutdown: async () => {
      closed = true;
      // Everything close() stops, and the pull worker's own connection to the store closed
      // before the store is: a store switched away from (workstation.ts) or wiped keeps no
      // thread, timer or open file behind it.
      stopFieldEvents();
      field.close();
      stopRetention();
      work.close();
      reminders.close();
      await engine?.stop();
      await pullWorker?.close().catch((err: unknown) => log.warn('pull worker did not close cleanly', { error: err }));
      db.close();
      log.info('core closed', { profile });
    },
  };
}
