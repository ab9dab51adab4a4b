import { useTranslation } from 'react-i18next';
import type { AppStatus, Presence } from '../../../src/contract';
import { useWorkstation } from '../desk';
import { t } from '../i18n/i18n';
import { presenceLabel } from './presence-options';

/** The power part of the status bar, in the agent's words. */
export function powerText(env: AppStatus): string {
  const percent = env.batteryPercent;
  if (env.power === 'battery') return percent === null ? t('power.battery') : t('power.batteryLevel', { percent });
  if (env.power === 'ac') return percent === null ? t('power.mains') : t('power.mainsCharging', { percent });
  return t('power.unknown');
}

/** What the battery alert asks of the agent, or null when there is nothing to say. */
export function powerNotice(env: AppStatus, presence: Presence | null): string | null {
  const level = env.batteryPercent === null ? '' : t('power.level', { percent: env.batteryPercent });
  if (env.powerAlert === 'low') return t('power.low', { level, critical: env.battery.criticalPercent });
  if (env.powerAlert !== 'critical') return null;
  const working = presence?.state === 'Busy' || presence?.state === 'Wrap-up';
  return working ? t('power.criticalWorking', { level }) : t('power.criticalIdle', { level });
}

/** Why auto-away moved the agent, told when they come back; null when it didn't. */
export function idleNotice(env: AppStatus, presence: Presence | null): string | null {
  if (!presence || presence.reason !== 'Idle' || !env.idleAway) return null;
  const minutes = env.idleAway.afterMinutes;
  const span = minutes >= 1 ? t('power.minutes', { count: Math.round(minutes) }) : t('power.seconds', { count: Math.round(minutes * 60) });
  return t('power.idle', { state: presenceLabel(presence.state), span });
}

/** Battery and auto-away notices, beside the presence they change. */
export function LaptopNotices() {
  const { t } = useTranslation();
  const env = useWorkstation((s) => s.environment);
  const presence = useWorkstation((s) => s.presence);
  if (!env) return null;
  const power = powerNotice(env, presence);
  const idle = idleNotice(env, presence);
  return (
    <>
      {power && (
        <span role="alert" aria-label={t('power.batteryWarning')} className={env.powerAlert === 'critical' ? 'error' : 'warning'}>
          {power}
        </span>
      )}
      {idle && (
        <span role="status" aria-label={t('power.autoAway')} className="warning">
          {idle}
        </span>
      )}
    </>
  );
}
