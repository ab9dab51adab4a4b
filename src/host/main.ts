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
import { adminPolicyPath, readAdminPolicy } from '../core/policy/admin-policy';
import { createWorkstation } from '../core/workstation';
import { phoneSeedFromEnv } from '../core/phone/phone-seed';
import { createDemoFileVault } from '../core/vault/demo-file-vault';
import { createKeytarVault } from '../core/vault/keytar-vault';
import { chooseSyncServer } from '../server/embedded';
import { probeEnvironment } from './environment-probe';
import { startHostServer } from './host-server';
import { browserProfileDir, closeBrowserWindow, openInChromiumApp, type BrowserWindow } from './open-browser';

const PRODUCT = 'agent-workstation';
const VERSION = process.env.npm_package_version ?? '0.1.0';

function defaultDataDir(profile: string): string {
  const base = process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share');
  return path.join(base, PRODUCT, profile);
}

/**
 * The page's session secret: a fresh random one, or the one scripts/host-supervisor.mjs hands
 * every host it (re)starts, so a restarted host still accepts the open page's cookie.
 */
function hostToken(fromSupervisor: string | undefined): string {
  if (fromSupervisor === undefined) return randomBytes(24).toString('base64url');
  if (!/^[A-Za-z0-9_-]{32,200}$/.test(fromSupervisor)) throw new Error('AGENT_HOST_TOKEN must be 32 to 200 URL-safe characters.');
  return fromSupervisor;
}

async function main(): Promise<void> {
  const profile = process.env.AGENT_PROFILE ?? 'demo';
  const demo = profile === 'demo';
  const dataDir = path.resolve(process.env.AGENT_DATA_DIR ?? defaultDataDir(profile));
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
  const env = policy.policy.syncServerUrl ? { ...process.env, AGENT_SYNC_URL: policy.policy.syncServerUrl } : process.env;
  const { sync, embedded } = await chooseSyncServer({ demo, env, dataDir, log: log.child({ part: 'sync-server' }) });

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

  const host = await startHostServer({
    core,
    rendererDir: process.env.AGENT_RENDERER_DIR ?? path.resolve(__dirname, '../../out/renderer'),
    token: hostToken(process.env.AGENT_HOST_TOKEN),
    port: Number(process.env.AGENT_HOST_PORT ?? 0),
    log,
  });

  // Tests and tools read this line; people read the next one.
  process.stdout.write(`AGENT_HOST_URL=${host.url}\n`);
  // A host restarted after a crash (AGENT_HOST_RESUME) serves, and later closes, the window
  // the crashed one opened.
  const profileDir = browserProfileDir(dataDir);
  const adopted = Number(process.env.AGENT_BROWSER_PID);
  const browserWindow: BrowserWindow | null = process.env.AGENT_HOST_RESUME
    ? Number.isInteger(adopted) && adopted > 0
      ? { pid: adopted, profileDir }
      : null
    : process.env.AGENT_NO_BROWSER
      ? null
      : openInChromiumApp(host.url, profileDir);
  if (browserWindow && !process.env.AGENT_HOST_RESUME) process.stdout.write(`AGENT_BROWSER_PID=${browserWindow.pid}\n`);
  if (embedded) process.stdout.write(`Supervisor console: ${embedded.server.url}/console/ (demo team lead: lead / lead)\n`);
  process.stdout.write(
    browserWindow ? `Agent Workstation opened in a browser window (${host.url}).\n` : `Agent Workstation is running: open ${host.url}\n`,
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(probe);
    if (browserWindow) await closeBrowserWindow(browserWindow).catch((err: unknown) => log.warn('host: browser window not closed', { error: err }));
    await host.close();
    core.close();
    await embedded?.close();
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
