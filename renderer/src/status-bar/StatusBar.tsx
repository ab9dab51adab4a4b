import { useTranslation } from 'react-i18next';
import type { PresenceState } from '../../../src/contract';
import { desk, useKeyboard, useWorkstation } from '../desk';
import { presenceHint } from '../keyboard/shortcut-labels';
import { ariaKeyShortcut } from '../keyboard/shortcut-match';
import { errorDetail, errorText } from '../i18n/error-text';
import { formatTime } from '../i18n/format';
import { LaptopNotices, powerText } from './LaptopNotices';
import { LineQualityIndicator } from './LineQualityIndicator';
import { ExportDiagnostics } from './ExportDiagnostics';
import { PhoneRegistrationStatus } from './PhoneRegistrationStatus';
import { presenceLabel, presenceOptions } from './presence-options';
import { syncProgressText } from './sync-progress-text';
import { TodayFigures } from './TodayFigures';

/** Presence, phone, sync and the laptop's power and network, always in view. */
export function StatusBar() {
  const { t } = useTranslation();
  const connected = useWorkstation((s) => s.connected);
  const presence = useWorkstation((s) => s.presence);
  const sync = useWorkstation((s) => s.sync);
  const env = useWorkstation((s) => s.environment);
  const lastError = useWorkstation((s) => s.lastError);
  const { setPresence, syncNow } = desk().workstation.actions;
  const availableKeys = useKeyboard((s) => s.map.keys.available);
  const notReadyKeys = useKeyboard((s) => s.map.keys.notReady);
  const presenceKeys = [availableKeys, notReadyKeys].flatMap((c) => (c ? [ariaKeyShortcut(c)] : [])).join(' ');

  const syncLine = !connected
    ? t('status.syncUnknown')
    : sync?.serverStarting
      ? t('status.syncServerStarting')
      : sync
        ? t('status.syncLine', {
            state: sync.online ? t('status.online') : t('status.offline'),
            pending: sync.pending,
            last: sync.lastSyncAt ? formatTime(sync.lastSyncAt) : t('status.never'),
          })
        : t('status.syncLoading');

  return (
    <footer className="statusbar" aria-label={t('status.bar')}>
      <label className={`presence presence-${presence?.state.toLowerCase() ?? 'unknown'}`}>
        <span>{t('presence.label')}</span>
        <select
          aria-label={t('presence.label')}
          title={presenceHint(availableKeys, notReadyKeys)}
          aria-keyshortcuts={presenceKeys || undefined}
          value={presence?.state ?? ''}
          disabled={!presence || !connected}
          onChange={(e) => void setPresence(e.target.value as PresenceState)}
        >
          {presenceOptions(presence?.state).map((o) => (
            <option key={o.state} value={o.state} disabled={!o.selectable}>
              {presenceLabel(o.state)}
            </option>
          ))}
        </select>
      </label>
      {presence?.next && (
        <span role="status" aria-label={t('presence.afterWrapup')}>
          {t('presence.thenAfterWrapup', { state: presenceLabel(presence.next.state) })}
        </span>
      )}
      <PhoneRegistrationStatus />
      <LineQualityIndicator />
      <span role="status" aria-label={t('status.syncStatus')}>
        {syncLine}
      </span>
      {sync?.progress && (
        <span role="progressbar" aria-label={t('status.contactsLoading')} aria-valuemin={0} aria-valuemax={sync.progress.total} aria-valuenow={sync.progress.contacts}>
          {syncProgressText(sync.progress)}
        </span>
      )}
      {/* The engine retries by itself with backoff; this is for an agent who knows the line is back. */}
      <button type="button" className="small" disabled={!sync} onClick={syncNow}>
        {t('status.syncNow')}
      </button>
      {/* While the demo server starts, "sign in" is not the problem: the line above says why. */}
      {sync?.lastError && !sync.serverStarting && (
        <span role="status" aria-label={t('status.syncProblem')} className="warning" title={errorDetail(sync.lastError)}>
          {errorText(sync.lastError)}
        </span>
      )}
      <TodayFigures />
      <ExportDiagnostics />
      <span role="status" aria-label={t('status.networkAndPower')}>
        {env ? t('status.networkPower', { network: t(`status.network.${env.network}`), power: powerText(env) }) : t('status.pending')}
      </span>
      <LaptopNotices />
      {lastError && (
        <span role="alert" className="error" title={errorDetail(lastError)}>
          {errorText(lastError)}
        </span>
      )}
    </footer>
  );
}
