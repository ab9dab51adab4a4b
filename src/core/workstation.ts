import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AgentError, api, Id, ServerAgent, Session, SyncStatus, type AgentErrorShape, type OpenWork, type Result } from '../contract';
import type { HostReading } from './app/environment';
import { systemClock } from './clock';
import { createCore, DATABASE_FILE, type Core, type CoreOptions } from './core';
import type { CoreEventListener } from './event-bus';
import { openDatabase } from './store/database';
import { databaseKeyAccount } from './store/database-key';
import { syncTokenAccount } from './sync/session';
import { SyncHttp } from './sync/sync-http';

/**
 * A shared workstation (issue 15 A2): local data belongs to the agent signed in. Each agent has
 * a store of their own under the profile — `agents/<agent id>/workstation.db`, with its own key
 * and sync token in the keychain (scope `<profile>/agent/<agent id>`) — and nobody signed in
 * works in `signed-out/`, which never syncs. Signing in opens the agent's store; signing out
 * first pushes the agent's outbox as that agent, then closes the store: what could not be
 * pushed (offline) stays there, encrypted under that agent's key, until the agent signs in
 * again. The next agent never opens it, so never sees it and never pushes it.
 *
 * `signed-in.json` in the profile folder names the agent whose store opens at start, and the
 * workstation's device id (the one IT revokes). A profile's older single store is handed to
 * the agent who last signed in there (or to `signed-out/` if nobody did) the first time.
 *
 * Profiles without a sync server, and the demo profile, keep one store (createCore).
 */

/**
 * How long after its call an open wrap-up holds back the sign-out of a session the server
 * ended: long enough for an agent at the desk to finish one (timed campaign wrap-ups run
 * 30–120 s), short enough that a revoked laptop left with a wrap-up open is wiped soon.
 */
export const WRAPUP_GRACE_MS = 15 * 60_000;

const ProfileState = z.object({ deviceId: Id, agentId: Id.nullable(), notice: Session.shape.notice });
type ProfileState = z.infer<typeof ProfileState>;
const STATE_FILE = 'signed-in.json';
const SIGNED_OUT = 'signed-out';

/** The keychain scope and folder of an agent's store, or of the signed-out desk's. */
export function agentStore(dataDir: string, profile: string, agentId: string | null): { dir: string; scope: string } {
  return agentId === null
    ? { dir: path.join(dataDir, SIGNED_OUT), scope: `${profile}/${SIGNED_OUT}` }
    : { dir: path.join(dataDir, 'agents', agentId), scope: `${profile}/agent/${agentId}` };
}

/**
 * The workstation's id (the one IT revokes, and the updater's staged-rollout hash reads), from
 * `signed-in.json`; created there for a profile that has none yet, so it is stable from the first start.
 */
export function workstationDeviceId(dataDir: string): string {
  const state = readState(dataDir);
  if (state) return state.deviceId;
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const created: ProfileState = { deviceId: randomUUID(), agentId: null };
  writeState(dataDir, created);
  return created.deviceId;
}

function readState(dataDir: string): ProfileState | null {
  try {
    const parsed = ProfileState.safeParse(JSON.parse(fs.readFileSync(path.join(dataDir, STATE_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Written whole, then renamed: a crash leaves the old state or the new one. */
function writeState(dataDir: string, state: ProfileState): void {
  const file = path.join(dataDir, STATE_FILE);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(state), { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
}

/**
 * The profile's store from before stores were per agent (`<dataDir>/workstation.db`, key
 * `db-key:<profile>`): moved, with its key and token, to the agent recorded in it as signed in
 * (or as the owner of its pull cursor), else to the signed-out desk. Returns the agent signed in.
 */
async function adoptSingleStore(options: CoreOptions): Promise<string | null> {
  const { dataDir, profile, vault } = options;
  const file = path.join(dataDir, DATABASE_FILE);
  if (!fs.existsSync(file)) return null;
  const key = await vault.get(databaseKeyAccount(profile));
  if (key === null) return null; // left alone: createCore's STORE_KEY_MISSING applies if it is ever opened
  const db = openDatabase({ file, key: Buffer.from(key, 'hex') });
  const setting = (k: string) => db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(k)?.value;
  const signedIn = ServerAgent.safeParse(JSON.parse(setting('sync.agent') ?? 'null'));
  const owner = signedIn.success ? signedIn.data.id : (setting('sync.cursor_agent') ?? null);
  db.close();
  const target = agentStore(dataDir, profile, owner);
  if (fs.existsSync(path.join(target.dir, DATABASE_FILE))) return null;
  fs.mkdirSync(target.dir, { recursive: true, mode: 0o700 });
  await vault.set(databaseKeyAccount(target.scope), key);
  const token = await vault.get(syncTokenAccount(profile));
  if (token !== null && owner !== null) await vault.set(syncTokenAccount(target.scope), token);
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, path.join(target.dir, DATABASE_FILE + suffix));
  }
  await vault.delete(syncTokenAccount(profile));
  await vault.delete(databaseKeyAccount(profile));
  return token !== null ? owner : null;
}

const failure = (err: unknown): Result<never> => {
  const e = err instanceof AgentError ? err : new AgentError('INTERNAL', err instanceof Error ? err.message : String(err));
  return { ok: false, error: e.toShape() satisfies AgentErrorShape };
};

/** The core the hosts run: one store per agent when the profile syncs, else createCore's one store. */
export async function createWorkstation(options: CoreOptions): Promise<Core> {
  const sync = options.sync;
  if (!sync || options.demo) return createCore(options);
  const { dataDir, profile } = options;
  const clock = options.clock ?? systemClock;
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const adopted = await adoptSingleStore(options);
  let state: ProfileState = readState(dataDir) ?? { deviceId: randomUUID(), agentId: adopted };
  // An agent whose session ended while the app was closed (expired, revoked, signed out by a
  // crash) is not signed in: the desk opens signed out, not on that agent's data.
  if (state.agentId !== null && (await options.vault.get(syncTokenAccount(agentStore(dataDir, profile, state.agentId).scope))) === null) {
    state = { ...state, agentId: null };
  }
  writeState(dataDir, state);

  // Sign-in and sign-out switch stores: one at a time, and nothing reaches a store being closed.
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  const listeners = new Set<CoreEventListener>();
  let environment: HostReading = {};
  const open = async (agentId: string | null, adopt?: NonNullable<CoreOptions['sync']>['adopt']) => {
    const store = agentStore(dataDir, profile, agentId);
    const core = await createCore({
      ...options,
      dataDir: store.dir,
      vaultScope: store.scope,
      sync: { serverUrl: sync.serverUrl, deviceId: state.deviceId, signOutScope: profile, ...(adopt ? { adopt } : {}) },
    });
    if (Object.keys(environment).length > 0) core.reportEnvironment(environment);
    const workChanged = new Set<() => void>();
    const unsubscribe = core.subscribe((name, payload) => {
      if (name === 'calls.updated' || name === 'wrapup.closed') for (const w of [...workChanged]) w();
      // The server ended the agent's session (expired, password changed, device revoked): the
      // agent's store closes, so whoever sits down next does not find it open — but not under a
      // live call or its wrap-up (endSession), so the page is not reloaded under a customer.
      if (name === 'session.changed' && agentId !== null && !switching && (payload as Session).agent === null) {
        if (ending === null) void endSession(agentId);
        return;
      }
      for (const l of listeners) l(name, name === 'session.changed' ? withProfile(payload as Session) : payload);
    });
    /** Resolves at the store's next call or wrap-up event. */
    const nextWorkChange = () =>
      new Promise<void>((resolve) => {
        const done = () => {
          workChanged.delete(done);
          resolve();
        };
        workChanged.add(done);
      });
    return { core, agentId, unsubscribe, nextWorkChange };
  };

  /** The server's end of a session while the agent still works a call: why, and what it waits for. */
  let ending: { agent: Session['agent']; state: NonNullable<Session['ending']> } | null = null;
  /** The session as the page sees it: the profile's notice, and the agent still shown while their session ends. */
  const withProfile = (session: Session): Session => {
    const notice = state.notice ? { notice: state.notice } : {};
    if (ending !== null && current.agentId !== null) return { ...session, agent: ending.agent, ending: ending.state, ...notice };
    return { ...session, ...notice };
  };
  const emitSession = (session: Session) => {
    for (const l of listeners) l('session.changed', session);
  };

  /**
   * The server ended `agentId`'s session (issue 15 A5, B2; the call-safe order is issue 15's
   * follow-up): the agent finishes the live call and its wrap-up first, told why and what the
   * desk waits for; then, for a revoked device, the outbox gets its final push and the agent's
   * store, its key and its token are deleted; then the desk signs out (the page reloads).
   * Another agent's store on this workstation is never touched.
   */
  const endSession = async (agentId: string): Promise<void> => {
    const opened = current;
    const ctx = { transport: 'in-process' } as const;
    const status = await opened.core.dispatch('sync.status', {}, ctx);
    const err = status.ok ? SyncStatus.parse(status.value).lastError : null;
    const code = err?.code === 'DEVICE_REVOKED' || err?.code === 'SESSION_EXPIRED' ? err.code : 'NOT_SIGNED_IN';
    const message = err?.message ?? 'The session with the sync server ended; sign in again.';
    ending = { agent: shownAgent, state: { code, message, waitingFor: 'call' } };
    try {
      for (;;) {
        const changed = opened.nextWorkChange();
        const work = await opened.core.dispatch('wrapup.current', {}, ctx);
        const open = work.ok ? (work.value as OpenWork | null) : null;
        if (open === null || current !== opened) break;
        const waitingFor = open.call.endedAt === null ? 'call' : 'wrap-up';
        // A wrap-up left open long after its call (the agent walked away) does not keep an
        // ended session's store open: past the grace, the desk signs out (and a revoked one wipes).
        const graceLeft = open.call.endedAt === null ? null : new Date(open.call.endedAt).getTime() + WRAPUP_GRACE_MS - clock.now().getTime();
        if (graceLeft !== null && graceLeft <= 0) break;
        if (ending.state.waitingFor !== waitingFor || !announced) {
          ending = { ...ending, state: { ...ending.state, waitingFor } };
          announced = true;
          options.log.info('session ended by the server; signing out after the open work', { code, waitingFor });
          emitSession(withProfile(await sessionOf()));
        }
        if (graceLeft === null) await changed;
        else {
          let cancel: () => void = () => undefined;
          await Promise.race([changed, new Promise<void>((resolve) => (cancel = clock.setTimer(resolve, graceLeft)))]);
          cancel();
        }
      }
      await serialized(async () => {
        if (current !== opened || switching) return;
        let wiped = false;
        if (code === 'DEVICE_REVOKED') {
          const left = (await opened.core.pushBeforeWipe?.()) ?? 0;
          if (left > 0) options.log.warn('revoked workstation: changes the server no longer took are wiped with the store', { left });
        }
        state = { ...state, notice: { code, message, wiped: false, at: new Date().toISOString() } };
        ending = null;
        switching = true;
        try {
          await switchTo(null, undefined, async () => {
            if (code === 'DEVICE_REVOKED') wiped = await wipeAgent(agentId);
            if (wiped && state.notice) state = { ...state, notice: { ...state.notice, wiped } };
          });
        } finally {
          switching = false;
        }
      });
    } catch (e) {
      options.log.error('closing the store of an agent whose session ended failed', { error: e });
    } finally {
      ending = null;
      announced = false;
    }
  };
  let announced = false;
  /** The agent the page shows: kept while their session ends under a call. */
  let shownAgent: Session['agent'] = null;

  /**
   * Remote wipe (issue 15 B2): the agent's store folder (database, WAL, logs of none: the logs are
   * the profile's and hold no customer data) and its keychain entries (database key, sync token).
   * True when all are gone.
   */
  const wipeAgent = async (agentId: string): Promise<boolean> => {
    const store = agentStore(dataDir, profile, agentId);
    let ok = true;
    try {
      fs.rmSync(store.dir, { recursive: true, force: true });
    } catch (err) {
      ok = false;
      options.log.error('remote wipe: the store folder could not be deleted', { error: err });
    }
    for (const account of [databaseKeyAccount(store.scope), syncTokenAccount(store.scope)]) {
      await options.vault.delete(account).catch((err: unknown) => {
        ok = false;
        options.log.error('remote wipe: a keychain entry could not be deleted', { error: err });
      });
    }
    options.log.warn('remote wipe: IT revoked this workstation; the agent\'s local data and key were deleted', { wiped: ok });
    return ok;
  };
  /** True while sign-in or sign-out runs: the session events they cause are theirs to handle. */
  let switching = false;
  let current = await open(state.agentId);

  const sessionOf = async (): Promise<Session> => {
    const r = await current.core.dispatch('session.get', {}, { transport: 'in-process' });
    if (!r.ok) throw new AgentError(r.error.code, r.error.message);
    const session = r.value as Session;
    if (ending === null) shownAgent = session.agent;
    return withProfile(session);
  };

  /** Closes the open store and opens `agentId`'s; every listener hears the new session. */
  const switchTo = async (agentId: string | null, adopt?: NonNullable<CoreOptions['sync']>['adopt'], afterClose?: () => Promise<void>): Promise<Session> => {
    current.unsubscribe();
    await current.core.shutdown();
    await afterClose?.();
    try {
      current = await open(agentId, adopt);
    } catch (err) {
      // The agent's store would not open (its key missing, the keychain locked): the desk is
      // signed out rather than left on a closed store, and the agent hears why.
      state = { ...state, agentId: null };
      writeState(dataDir, state);
      current = await open(null);
      for (const l of listeners) l('session.changed', await sessionOf());
      throw err;
    }
    state = { ...state, agentId };
    writeState(dataDir, state);
    const session = await sessionOf();
    for (const l of listeners) l('session.changed', session);
    return session;
  };

  const signIn = async (input: unknown): Promise<Session> => {
    const { username, password } = api.session.signIn.input.parse(input);
    const res = await new SyncHttp(sync.serverUrl.replace(/\/+$/, '')).signIn({ username, password, deviceId: state.deviceId });
    state = { ...state, notice: undefined };
    return switchTo(res.agent.id, res);
  };

  const signOut = async (): Promise<Session> => {
    if (current.agentId === null) return sessionOf();
    const ctx = { transport: 'in-process' } as const;
    // The agent's outbox goes to the server as this agent before the session ends; offline, it
    // stays in this agent's store (sync.now answers with the status, not an error).
    await current.core.dispatch('sync.now', {}, ctx);
    await current.core.dispatch('session.signOut', {}, ctx);
    return switchTo(null);
  };

  return {
    dispatch: async (method, input, ctx) => {
      if (method === 'session.signIn' || method === 'session.signOut') {
        // The server ended this session and the desk waits for the call and its wrap-up: it
        // signs out (and, revoked, wipes) by itself then; switching now would skip that.
        if (ending !== null) {
          return failure(new AgentError('CONFLICT', 'The server ended this session: the desk signs out by itself once this call and its wrap-up are done.'));
        }
        try {
          const value = await serialized(async () => {
            switching = true;
            try {
              return await (method === 'session.signIn' ? signIn(input) : signOut());
            } finally {
              switching = false;
            }
          });
          return { ok: true, value };
        } catch (err) {
          if (err instanceof z.ZodError) return failure(new AgentError('INVALID_INPUT', z.prettifyError(err)));
          return failure(err);
        }
      }
      await queue;
      if (method === 'session.get') {
        try {
          return { ok: true, value: await sessionOf() };
        } catch (err) {
          return failure(err);
        }
      }
      return current.core.dispatch(method, input, ctx);
    },
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    reportEnvironment: (patch) => {
      environment = { ...environment, ...patch };
      current.core.reportEnvironment(patch);
    },
    reportInputAt: (at) => current.core.reportInputAt(at),
    reportSleep: (state) => current.core.reportSleep(state),
    close: () => {
      current.unsubscribe();
      current.core.close();
    },
    shutdown: async () => {
      current.unsubscribe();
      await current.core.shutdown();
    },
  };
}
