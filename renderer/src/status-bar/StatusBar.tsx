import type { PresenceState } from '../../../src/contract';
import { desk, useKeyboard, useWorkstation } from '../desk';
import { presenceHint } from '../keyboard/shortcut-labels';
import { ariaKeyShortcut } from '../keyboard/shortcut-match';
import { LaptopNotices, powerText } from './LaptopNotices';
import { LineQualityIndicator } from './LineQualityIndicator';
import { ExportDiagnostics } from './ExportDiagnostics';
import { PhoneRegistrationStatus } from './PhoneRegistrationStatus';
import { PRESENCE_LABEL, presenceOptions } from './presence-options';
import { syncProgressText } from './sync-progress-text';
import { TodayFigures } from './TodayFigures';

function formatTime(iso: string | null | undefined): string {
  if (!iso) return 'never';
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** Presence, phone, sync and the laptop's power and network, always in view. */
export function StatusBar() {
  const connected = useWorkstation((s) => s.connected);
  const presence = useWorkstation((s) => s.presence);
  const sync = useWorkstation((s) => s.sync);
  const env = useWorkstation((s) => s.environment);
  const lastError = useWorkstation((s) => s.lastError);
  const { setPresence, syncNow } = desk().workstation.actions;
  const availableKeys = useKeyboard((s) => s.map.keys.available);
  const notReadyKeys = useKeyboard((s) => s.map.keys.notReady);
  const presenceKeys = [availableKeys, notReadyKeys].flatMap((c) => (c ? [ariaKeyShortcut(c)] : [])).join(' ');

  return (
    <footer className="statusbar" aria-label="Status bar">
      <label className={`presence presence-${presence?.state.toLowerCase() ?? 'unknown'}`}>
        <span>Presence</span>
        <select
          aria-label="Presence"
          title={presenceHint(availableKeys, notReadyKeys)}
          aria-keyshortcuts={presenceKeys || undefined}
          value={presence?.state ?? ''}
          disabled={!presence || !connected}
          onChange={(e) => void setPresence(e.target.value as PresenceState)}
        >
          {presenceOptions(presence?.state).map((o) => (
            <option key={o.state} value={o.state} disabled={!o.selectable}>
              {PRESENCE_LABEL[o.state]}
            </option>
          ))}
        </select>
      </label>
      {presence?.next && (
        <span role="status" aria-label="Presence after wrap-up">
          then {PRESENCE_LABEL[presence.next.state]} after the wrap-up
        </span>
      )}
      <PhoneRegistrationStatus />
      <LineQualityIndicator />
      <span role="status" aria-label="Sync status">
        {!connected ? 'Sync: unknown — the workstation core is not responding' : sync ? `${sync.online ? 'Online' : 'Offline'} · ${sync.pending} pending · last sync ${formatTime(sync.lastSyncAt)}` : 'Sync: …'}
      </span>
      {sync?.progress && (
        <span role="progressbar" aria-label="Contacts loading" aria-valuemin={0} aria-valuemax={sync.progress.total} aria-valuenow={sync.progress.contacts}>
          {syncProgressText(sync.progress)}
        </span>
      )}
      {/* The engine retries by itself with backoff; this is for an agent who knows the line is back. */}
      <button type="button" className="small" disabled={!sync} onClick={syncNow}>
        Sync now
      </button>
      {sync?.lastError && (
        <span role="status" aria-label="Sync problem" className="warning" title={sync.lastError.code}>
          {sync.lastError.message}
        </span>
      )}
      <TodayFigures />
      <ExportDiagnostics />
      <span role="status" aria-label="Network and power">
        {env ? `Network ${env.network} · ${powerText(env)}` : '…'}
      </span>
      <LaptopNotices />
      {lastError && (
        <span role="alert" className="error">
          {lastError.message}
        </span>
      )}
    </footer>
  );
}
