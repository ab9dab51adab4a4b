import { autoUpdater } from 'electron-updater';
import { OpenWork, PhoneStatus, Presence } from '../src/contract';
import type { Core } from '../src/core/core';
import type { Logger } from '../src/core/log';
import { readUpdatePolicy, updatePolicyPath } from './update-policy';
import { restartForUpdate, type WorkNow } from './update-restart';

/**
 * Checks IT's feed and downloads in the background. The update installs when the agent
 * quits; with the policy's `restartWhenIdle`, also by restarting once the agent is idle, never
 * during a call or a wrap-up (`restartForUpdate`, checked again on every presence and phone change).
 */
export function startUpdater(log: Logger, core: Core): void {
  const { policy, problem } = readUpdatePolicy(updatePolicyPath());
  if (problem) log.warn('updater: policy problem, updates off', { problem });
  if (!policy.enabled) return;
  if (policy.feedUrl) autoUpdater.setFeedURL({ provider: 'generic', url: policy.feedUrl, channel: policy.channel });
  autoUpdater.channel = policy.channel;
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.on('error', (err) => log.warn('updater: check failed', { error: err }));

  let ready = false;
  const work: WorkNow = { presence: 'Offline', activeCalls: 0, openWrapup: false };
  const maybeRestart = async () => {
    if (!ready || !policy.restartWhenIdle) return;
    const open = await core.dispatch('wrapup.current', {}, { transport: 'in-process' });
    work.openWrapup = !open.ok || OpenWork.nullable().parse(open.value) !== null;
    const decision = restartForUpdate(work);
    if (decision.restart) {
      log.info('updater: agent idle, restarting to install the update');
      autoUpdater.quitAndInstall();
    }
  };
  void core.dispatch('presence.get', {}, { transport: 'in-process' }).then((r) => {
    if (r.ok) work.presence = Presence.parse(r.value).state;
  });
  core.subscribe((name, payload) => {
    if (name === 'presence.changed') work.presence = Presence.parse(payload).state;
    else if (name === 'phone.status') work.activeCalls = PhoneStatus.parse(payload).activeCalls;
    else return;
    void maybeRestart();
  });
  autoUpdater.on('update-downloaded', (info) => {
    ready = true;
    log.info('updater: update ready, installs when the agent quits or is idle', { version: info.version });
    void maybeRestart();
  });
  void autoUpdater.checkForUpdates().catch((err: unknown) => log.warn('updater: check failed', { error: err }));
}
