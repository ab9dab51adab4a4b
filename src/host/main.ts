/**
 * The browser host's entry point: the same core in plain Node, the built renderer served on
 * 127.0.0.1, window.agent over a loopback WebSocket. `npm start` runs this where no Electron
 * runtime is installed; the end-to-end tests run it too.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { AgentError } from '../contract';
import { LOG_DIR } from '../core/core';
import { fieldSettingsFromEnv } from '../core/field/field-settings';
import { createLogger } from '../core/log';
import { DEFAULT_LOG_LIMITS, openLogFiles } from '../core/log-files';
import { openProfileFolder } from '../core/profile/profile-folder';
import { adminPolicyPath, readAdminPolicy } from '../core/policy/admin-policy';
import { createWorkstation } from '../core/workstation';
import { phoneSeedFromEnv } from '../core/phone/phone-seed';
import { createDemoFileVault } from '../core/vault/demo-file-vault';
import type { KeyVault } from '../core/vault/key-vault';
import { createKeytarVault } from '../core/vault/keytar-vault';
import { choosePort, rememberProfilePort } from '../core/profile/profile-ports';
import { chooseSyncServer, EmbeddedServerStopped } from '../server/embedded';
import { probeEnvironment } from './environment-probe';
import { startHostServer, type HostServer, type HostServerOptions } from './host-server';
import { browserProfileDir, closeBrowserWindow, isOurBrowser, openInChromiumApp, type BrowserWindow } from './open-browser';
import { acquireProfileLock, type LockHolder } from './profile-lock';
import { askRunningDeskForAddress } from './running-desk-address';

const PRODUCT = 'agent-workstation';
const VERSION = process.env.npm_package_version ?? '0.1.0';
/** The host's exit code when its profile is already open elsewhere (the supervisor does not restart it). */
const ALREADY_RUNNING_EXIT_CODE = 0;

function defaultDataDir(profile: string): string {
  const base = process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share');
  return path.join(base, PRODUCT, profile);
}

/** The keychain account (the demo's key file for the demo profile) holding a profile's page secret. */
export const hostSessionAccount = (profile: string) => `host-session:${profile}`;

/**
 * The page's session secret: the one scripts/host-supervisor.mjs or a test hands over, else the
 * profile's own, kept in its vault (keychain; the demo's protected key file). The same secret on
 * every start means an open page still holds a valid cookie when its core comes back, whether
 * the supervisor restarted the host or a second `npm start` did after the first was killed
 * (issue 16 A2). The page gets it only as an HttpOnly cookie for its loopback origin.
 */
async function hostToken(fromEnv: string | undefined, vault: KeyVault, profile: string): Promise<string> {
  if (fromEnv !== undefined) {
    if (!/^[A-Za-z0-9_-]{32,200}$/.test(fromEnv)) throw new Error('AGENT_HOST_TOKEN must be 32 to 200 URL-safe characters.');
    return fromEnv;
  }
  const kept = await vault.get(hostSessionAccount(profile));
  if (kept !== null && /^[A-Za-z0-9_-]{32,200}$/.test(kept)) return kept;
  const fresh = randomBytes(24).toString('base64url');
  await vault.set(hostSessionAccount(profile), fresh);
  return fresh;
}

/**
 * Serves on the port the profile had last time (or AGENT_HOST_PORT), so an open page's address
 * stays right across restarts; a port another program took meanwhile means a fresh one.
 */
async function serveDesk(options: Omit<HostServerOptions, 'port'>, dataDir: string): Promise<HostServer> {
  if (process.env.AGENT_HOST_PORT) return startHostServer({ ...options, port: Number(process.env.AGENT_HOST_PORT) });
  try {
    return await startHostServer({ ...options, port: await choosePort(dataDir, 'host') });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    return startHostServer({ ...options, port: 0 });
  }
}

/**
 * A second start on a profile that is open: no second core. It prints where the running desk is,
 * with a fresh one-time code when the running host gives one, so an agent whose browser lost the
 * session (closed, another browser, a machine with no display) gets back in without stopping a
 * desk that may be on a call.
 */
async function pointToRunningDesk(holder: LockHolder, profile: string, openVault: () => Promise<KeyVault>): Promise<void> {
  const plain = holder.url ?? null;
  // A keychain that cannot be reached only costs the fresh address: the plain one is printed.
  const secret = process.env.AGENT_HOST_TOKEN ?? (await openVault().then((vault) => vault.get(hostSessionAccount(profile))).catch(() => null));
  const fresh = plain !== null && secret !== null ? await askRunningDeskForAddress(plain, secret) : null;
  const where = fresh ?? plain;
  process.stdout.write(`AGENT_ALREADY_RUNNING=${where ?? ''}\n`);
  const opening = `The ${profile} profile is already open in another Agent Workstation (process ${holder.pid})`;
  process.stdout.write(
    (fresh
      ? `${opening}. Open ${fresh} to reach its desk: the address works once and signs that browser in.`
      : where
        ? `${opening}: its desk is at ${where} — use that window.`
        : `${opening}, which is still starting.`) + ' Nothing was started; stop that one first to start again.\n',
  );
}

async function main(): Promise<void> {
  const profile = process.env.AGENT_PROFILE ?? 'demo';
  const demo = profile === 'demo';
  const dataDir = path.resolve(process.env.AGENT_DATA_DIR ?? defaultDataDir(profile));
  openProfileFolder(dataDir);
  // One core per profile: a second start points to the running one and stops here.
  const locked = await acquireProfileLock(dataDir);
  if (!locked.acquired) {
    await pointToRunningDesk(locked.holder, profile, async () => (demo ? createDemoFileVault(dataDir) : createKeytarVault()));
    process.exit(ALREADY_RUNNING_EXIT_CODE);
  }
  const { lock, previous } = locked;
  // Every line to stderr and to the profile's rotated log files (IT reads those; the export zips them).
  const logFiles = openLogFiles(path.join(dataDir, LOG_DIR), DEFAULT_LOG_LIMITS, (err) => process.stderr.write(`log file: ${err.message}\n`));
  const log = createLogger((line) => {
    process.stderr.write(line + '\n');
    logFiles.write(line);
  });
  const vault = demo ? createDemoFileVault(dataDir) : await createKeytarVault();
  if (vault.insecure) {
    process.stdout.write(`Demo profile: the database key is kept in ${vault.description}, not in the OS keychain.\n`);
  }

  // IT's machine-wide policy: a refused setting is logged by name, the rest applies.
  const policy = readAdminPolicy(process.env.AGENT_POLICY_FILE ?? adminPolicyPath(), process.env);
  for (const p of policy.problems) log.warn('policy: setting refused, the rest applies', { setting: p.field, source: p.source, problem: p.message });

  // The demo profile syncs with a sync server in this process (PGlite), so a newcomer needs no
  // database; IT points real profiles at theirs with AGENT_SYNC_URL or the policy's syncServerUrl.
  // The embedded one starts after the desk is served (it takes seconds and hundreds of MB).
  const { sync, embedded } = await chooseSyncServer({ demo, env: process.env, policy, dataDir, log: log.child({ part: 'sync-server' }) });
  if (policy.problems.some((p) => p.field === 'syncServerUrl')) {
    process.stdout.write('The sync server URL IT set was refused (see the log): this profile works offline.\n');
  }

  const core = await createWorkstation({
    dataDir,
    profile,
    demo,
    vault,
    app: { name: 'Agent Workstation', version: VERSION, host: 'browser' },
    log,
    logFiles,
    policy,
    phoneSeed: phoneSeedFromEnv(process.env, demo),
    defaultCountry: process.env.AGENT_DEFAULT_COUNTRY,
    sync,
    field: fieldSettingsFromEnv(process.env, log, policy.policy.idleAwayMinutes),
  });
  core.reportEnvironment(probeEnvironment());
  const probe = setInterval(() => core.reportEnvironment(probeEnvironment()), 5000);
  probe.unref();

  const host = await serveDesk(
    {
      core,
      rendererDir: process.env.AGENT_RENDERER_DIR ?? path.resolve(__dirname, '../../out/renderer'),
      token: await hostToken(process.env.AGENT_HOST_TOKEN, vault, profile),
      log,
    },
    dataDir,
  );
  rememberProfilePort(dataDir, 'host', host.port);

  // Tests and tools read this line (and AGENT_SYNC_SERVER_READY once the demo's server answers); people read the next one.
  process.stdout.write(`AGENT_HOST_URL=${host.url}\n`);
  // A host restarted after a crash (AGENT_HOST_RESUME, or a stale lock whose window is still
  // open) serves, and later closes, the window the crashed one opened: its page reconnects.
  const profileDir = browserProfileDir(dataDir);
  const adopted = Number(process.env.AGENT_BROWSER_PID ?? previous?.browserPid);
  const leftOpen: BrowserWindow | null =
    Number.isInteger(adopted) && adopted > 0 && isOurBrowser({ pid: adopted, profileDir }) ? { pid: adopted, profileDir } : null;
  const browserWindow: BrowserWindow | null =
    process.env.AGENT_HOST_RESUME || leftOpen ? leftOpen : process.env.AGENT_NO_BROWSER ? null : openInChromiumApp(host.url, profileDir);
  if (browserWindow && !process.env.AGENT_HOST_RESUME) process.stdout.write(`AGENT_BROWSER_PID=${browserWindow.pid}\n`);
  lock.serving(`http://127.0.0.1:${host.port}/`, browserWindow?.pid);
  process.stdout.write(
    browserWindow
      ? `Agent Workstation ${leftOpen ? 'is back in its open window' : 'opened in a browser window'} (${host.url}).\n`
      : `Agent Workstation is running: open ${host.url}\n`,
  );
  if (embedded) {
    embedded.start().then(
      () => process.stdout.write(`AGENT_SYNC_SERVER_READY=${embedded.url}\nSupervisor console: ${embedded.consoleUrl} (demo team lead: lead / lead)\n`),
      (err: unknown) => {
        if (!(err instanceof EmbeddedServerStopped)) log.error('sync-server: the demo sync server did not start; the desk works offline', { error: err });
      },
    );
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(probe);
    if (browserWindow) await closeBrowserWindow(browserWindow).catch((err: unknown) => log.warn('host: browser window not closed', { error: err }));
    await host.close();
    core.close();
    await embedded?.close();
    lock.release();
    await logFiles.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  const message = err instanceof AgentError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
  process.stderr.write(`Agent Workstation could not start. ${message}\n`);
  process.exit(1);
});
