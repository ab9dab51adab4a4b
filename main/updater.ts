import { autoUpdater } from 'electron-updater';
import { OpenWork, PhoneStatus, Presence, type AdminPolicy } from '../src/contract';
import type { Core } from '../src/core/core';
import type { Logger } from '../src/core/log';
import { readUpdatePolicy, updatePolicyPath } from './update-policy';
import { effectiveUpdatePolicy, inRollout } from './update-rollout';
import { restartForUpdate, type WorkNow } from './update-restart';

/**
 * Checks IT's feed and downloads in the background, under IT's policy: off, the channel, and a
 * staged rollout (a new version reaches `rolloutPercent` % of machines, picked by a stable hash
 * of the workstation's id). The update installs when the agent
 * quits; with the policy's `restartWhenIdle`, also by restarting once the agent is idle, never
 * during a call or a wrap-up (`restartForUpdate`, checked again on every presence and phone change).
 */
export function startUpdater(log: Logger, core: Core, admin: AdminPolicy['updates'] | undefined, deviceId: string): void {
  const file = readUpdatePolicy(updatePolicyPath());
  if (file.problem) log.warn('updater: policy problem, updates off', { problem: file.problem });
  const policy = effectiveUpdatePolicy(file.policy, admin, file.problem);
  if (!policy.enabled) {
    log.info('updater: updates are off by IT policy');
    return;
  }
  if (policy.feedUrl) autoUpdater.setFeedURL({ provider: 'generic', url: policy.feedUrl, channel: policy.channel });
  autoUpdater.channel = policy.channel;
  // A staged rollout downloads only on the machines whose bucket falls inside it (update-rollout.ts).
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.on('error', (err) => log.warn('updater: check failed', { error: err }));
  autoUpdater.on('update-available', (info) => {
    if (!inRollout(policy.rolloutPercent, deviceId, info.version)) {
      log.info('updater: staged rollout, this workstation waits for a wider one', { version: info.version, rolloutPercent: policy.rolloutPercent });
      return;
    }
    void autoUpdater.downloadUpdate().catch((err: unknown) => log.warn('updater: download failed', { error: err }));
  });

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
