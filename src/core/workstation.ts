import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AgentError, api, Id, ServerAgent, type AgentErrorShape, type Result, type Session } from '../contract';
import type { HostReading } from './app/environment';
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

const ProfileState = z.object({ deviceId: Id, agentId: Id.nullable() });
type ProfileState = z.infer<typeof ProfileState>;
const STATE_FILE = 'signed-in.json';
const SIGNED_OUT = 'signed-out';

/** The keychain scope and folder of an agent's store, or of the signed-out desk's. */
export function agentStore(dataDir: string, profile: string, agentId: string | null): { dir: string; scope: string } {
  return agentId === null
    ? { dir: path.join(dataDir, SIGNED_OUT), scope: `${profile}/${SIGNED_OUT}` }
    : { dir: path.join(dataDir, 'agents', agentId), scope: `${profile}/agent/${agentId}` };
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
    const unsubscribe = core.subscribe((name, payload) => {
      for (const l of listeners) l(name, payload);
      // The server ended the agent's session (expired, password changed, device revoked): the
      // agent's store closes, so whoever sits down next does not find it open.
      if (name === 'session.changed' && agentId !== null && !switching && (payload as Session).agent === null) {
        void serialized(() => (current.agentId === agentId && !switching ? switchTo(null) : sessionOf())).catch((err: unknown) =>
          options.log.error('closing the store of an agent whose session ended failed', { error: err }),
        );
      }
    });
    return { core, agentId, unsubscribe };
  };
  /** True while sign-in or sign-out runs: the session events they cause are theirs to handle. */
  let switching = false;
  let current = await open(state.agentId);

  const sessionOf = async (): Promise<Session> => {
    const r = await current.core.dispatch('session.get', {}, { transport: 'in-process' });
    if (!r.ok) throw new AgentError(r.error.code, r.error.message);
    return r.value as Session;
  };

  /** Closes the open store and opens `agentId`'s; every listener hears the new session. */
  const switchTo = async (agentId: string | null, adopt?: NonNullable<CoreOptions['sync']>['adopt']): Promise<Session> => {
    current.unsubscribe();
    await current.core.shutdown();
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
