import { autoUpdater } from 'electron-updater';
import type { Logger } from '../src/core/log';
import { readUpdatePolicy, updatePolicyPath } from './update-policy';

/**
 * Checks IT's feed and downloads in the background. The update installs when the agent
 * quits: the app never restarts itself, so never during a call or a wrap-up.
 */
export function startUpdater(log: Logger): void {
  const { policy, problem } = readUpdatePolicy(updatePolicyPath());
  if (problem) log.warn('updater: policy problem, updates off', { problem });
  if (!policy.enabled) return;
  if (policy.feedUrl) autoUpdater.setFeedURL({ provider: 'generic', url: policy.feedUrl, channel: policy.channel });
  autoUpdater.channel = policy.channel;
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.on('error', (err) => log.warn('updater: check failed', { error: err }));
  autoUpdater.on('update-downloaded', (info) => {
    log.info('updater: update ready, installs when the agent quits', { version: info.version });
  });
  void autoUpdater.checkForUpdates().catch((err: unknown) => log.warn('updater: check failed', { error: err }));
}
