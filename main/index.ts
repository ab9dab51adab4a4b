/**
 * The Electron shell: lifecycle, window, tray, keychain, power and network, updates. It hosts
 * the local core in-process and carries the agent API over IPC. Wiring only: behaviour lives
 * in src/core, where it is tested without Electron.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, net, powerMonitor } from 'electron';
import { AgentError, PhoneStatus, Presence, type PresenceState } from '../src/contract';
import { LOG_DIR, type Core } from '../src/core/core';
import { fieldSettingsFromEnv } from '../src/core/field/field-settings';
import { createLogger } from '../src/core/log';
import { DEFAULT_LOG_LIMITS, openLogFiles, type LogFiles } from '../src/core/log-files';
import { openProfileFolder } from '../src/core/profile/profile-folder';
import { adminPolicyPath, readAdminPolicy } from '../src/core/policy/admin-policy';
import { createWorkstation, workstationDeviceId } from '../src/core/workstation';
import { phoneSeedFromEnv } from '../src/core/phone/phone-seed';
import { createDemoFileVault } from '../src/core/vault/demo-file-vault';
import type { KeyVault } from '../src/core/vault/key-vault';
import { createKeytarVault, keytarReachable } from '../src/core/vault/keytar-vault';
import { chooseSyncServer } from '../src/server/embedded';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import { startGlobalShortcuts } from './global-shortcuts';
import { serveAgentApi } from './ipc';
import { createSafeStorageVault, safeStorageUsable } from './safe-storage-vault';
import { hardenSession } from './security';
import { createPresenceTray } from './tray';
import { startUpdater } from './updater';
import { createMainWindow } from './window';

// Every line to stderr, and to the profile's rotated log files once the profile's folder is known.
let logFiles: LogFiles | null = null;
const log = createLogger((line) => {
  process.stderr.write(line + '\n');
  logFiles?.write(line);
});
const profile = process.env.AGENT_PROFILE ?? (app.isPackaged ? 'default' : 'demo');
const demo = profile === 'demo';
const resourcesDir = app.isPackaged ? path.join(process.resourcesPath, 'resources') : path.join(__dirname, '../../resources');

let mainWindow: BrowserWindow | null = null;
let quitting = false;

async function chooseVault(dataDir: string): Promise<KeyVault> {
  if (await keytarReachable()) return createKeytarVault();
  if (safeStorageUsable()) return createSafeStorageVault(dataDir);
  if (demo) return createDemoFileVault(dataDir);
  throw new AgentError(
    'VAULT_UNAVAILABLE',
    'No OS keychain is available to protect the local database key. Install or unlock the keyring (gnome-keyring or KWallet) and start again.',
  );
}

function showWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) mainWindow = createWindow();
  mainWindow.show();
  mainWindow.focus();
}

function createWindow(): BrowserWindow {
  const win = createMainWindow();
  // Closing hides to the tray: the phone keeps registered and calls still ring.
  win.on('close', (event) => {
    if (!quitting) {
      event.preventDefault();
      win.hide();
    }
  });
  return win;
}

function watchEnvironment(core: Core): void {
  const report = () => core.reportEnvironment({ network: net.isOnline() ? 'online' : 'offline', power: powerMonitor.isOnBatteryPower() ? 'battery' : 'ac' });
  report();
  setInterval(report, 3000).unref();
  powerMonitor.on('on-ac', report);
  powerMonitor.on('on-battery', report);
  powerMonitor.on('resume', report);
  // Auto-away counts input anywhere on the laptop (the agent may be in the client's CRM, not
  // this window): the system's idle time, polled, since Electron has no input-resumed event.
  const IDLE_POLL_MS = 5000;
  setInterval(() => core.reportInputAt(new Date(Date.now() - powerMonitor.getSystemIdleTime() * 1000)), IDLE_POLL_MS).unref();
  // Sleep and wake (issue 14 item 2): the core tells the renderer, which flushes drafts and
  // unregisters on suspend, and registers again at once on resume; the core syncs on resume.
  powerMonitor.on('suspend', () => core.reportSleep('suspend'));
  powerMonitor.on('resume', () => core.reportSleep('resume'));
}

async function start(): Promise<void> {
  hardenSession();
  serveAppProtocol(path.join(__dirname, '../renderer'));
  const dataDir = path.join(app.getPath('userData'), 'profiles', profile);
  openProfileFolder(dataDir);
  const files = openLogFiles(path.join(dataDir, LOG_DIR), DEFAULT_LOG_LIMITS, (err) => process.stderr.write(`log file: ${err.message}\n`));
  logFiles = files;
  const vault = await chooseVault(dataDir);
  if (vault.insecure) log.warn('demo profile: the database key is kept in the demo key file, not the OS keychain');
  // IT's machine-wide policy: a refused setting is logged by name, the rest applies.
  const policy = readAdminPolicy(adminPolicyPath(), process.env);
  for (const p of policy.problems) log.warn('policy: setting refused, the rest applies', { setting: p.field, source: p.source, problem: p.message });
  const { sync, embedded } = await chooseSyncServer({
    demo,
    env: process.env,
    policy,
    dataDir,
    log: log.child({ part: 'sync-server' }),
    resourcesDir: path.join(resourcesDir, 'demo'),
  });
  app.on('will-quit', () => void embedded?.close());
  const core = await createWorkstation({
    dataDir,
    profile,
    demo,
    vault,
    app: { name: app.getName(), version: app.getVersion(), host: 'electron' },
    log,
    logFiles: files,
    policy,
    phoneSeed: phoneSeedFromEnv(process.env, demo),
    defaultCountry: process.env.AGENT_DEFAULT_COUNTRY,
    sync,
    field: fieldSettingsFromEnv(process.env, log, policy.policy.idleAwayMinutes),
  });

  mainWindow = createWindow();
  serveAgentApi(core, () => mainWindow, log);
  watchEnvironment(core);
  // The demo's embedded sync server starts once the window is up (issue 16 A9: seconds and
  // hundreds of MB); the core syncs when it answers.
  embedded?.start().then(
    () => process.stdout.write(`Supervisor console: ${embedded.consoleUrl} (demo team lead: lead / lead)\n`),
    (err: unknown) => log.error('sync-server: the demo sync server did not start; the desk works offline', { error: err }),
  );

  const setPresence = (state: PresenceState) => void core.dispatch('presence.set', { state }, { transport: 'in-process' });
  const tray = createPresenceTray({
    resourcesDir,
    setPresence,
    showWindow,
    quit: () => {
      quitting = true;
      app.quit();
    },
  });
  const current = await core.dispatch('presence.get', {}, { transport: 'in-process' });
  if (current.ok) tray.update(Presence.parse(current.value));
  core.subscribe((name, payload) => {
    if (name === 'presence.changed') tray.update(Presence.parse(payload));
    if (name === 'phone.status') tray.updatePhone(PhoneStatus.parse(payload));
  });
  handleDialLinks(core);
  const stopGlobalShortcuts = await startGlobalShortcuts(core, log);

  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', () => {
    stopGlobalShortcuts();
    tray.destroy();
    core.close();
  });
  startUpdater(log, core, policy.policy.updates, workstationDeviceId(dataDir));
}

const dialLinkIn = (argv: readonly string[]) => argv.find((a) => /^(tel|sips?):/i.test(a));

/**
 * tel:/sip: links the OS hands over (a second launch's argv on Windows/Linux, open-url on macOS)
 * go to the phone engine through the core. A link the app was started with waits until the
 * engine reports its first registration, since nothing would hear it before.
 */
function handleDialLinks(core: Core): void {
  const dial = (target: string | undefined) => {
    if (target) void core.dispatch('phone.requestDial', { target }, { transport: 'in-process' });
  };
  app.setAsDefaultProtocolClient('tel');
  app.setAsDefaultProtocolClient('sip');
  app.on('second-instance', (_event, argv) => dial(dialLinkIn(argv)));
  app.on('open-url', (event, url) => {
    event.preventDefault();
    dial(url);
  });
  let initial = dialLinkIn(process.argv);
  if (!initial) return;
  const stop = core.subscribe((name, payload) => {
    if (name !== 'phone.status' || PhoneStatus.parse(payload).registration !== 'registered' || !initial) return;
    dial(initial);
    initial = undefined;
    stop();
  });
}

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', showWindow);
  app.on('window-all-closed', () => {
    // Stay in the tray: the agent quits from the tray menu.
  });
  app.whenReady().then(start).catch((err: unknown) => {
    const message = err instanceof AgentError ? `${err.message}\n\n(${err.code})` : String(err);
    log.error('start-up failed', { error: err });
    dialog.showErrorBox('Agent Workstation could not start', message);
    app.exit(1);
  });
}
