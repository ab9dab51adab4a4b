import type { AppStatus, Presence } from '../../../src/contract';
import { useWorkstation } from '../desk';
import { PRESENCE_LABEL } from './presence-options';

/** The power part of the status bar, in the agent's words. */
export function powerText(env: AppStatus): string {
  if (env.power === 'battery') return env.batteryPercent === null ? 'On battery' : `On battery · ${env.batteryPercent} %`;
  if (env.power === 'ac') return env.batteryPercent === null ? 'On mains' : `On mains · charging ${env.batteryPercent} %`;
  return 'Power unknown';
}

/** What the battery alert asks of the agent, or null when there is nothing to say. */
export function powerNotice(env: AppStatus, presence: Presence | null): string | null {
  const level = env.batteryPercent === null ? '' : ` (${env.batteryPercent} %)`;
  if (env.powerAlert === 'low') return `Battery low${level}: plug in the charger. At ${env.battery.criticalPercent} % you'll stop getting new calls.`;
  if (env.powerAlert !== 'critical') return null;
  const working = presence?.state === 'Busy' || presence?.state === 'Wrap-up';
  return working
    ? `Battery critical${level}: finish this call. You'll go Not Ready after the wrap-up, so no new customer call rings.`
    : `Battery critical${level}: you're Not Ready until the laptop is charging, so no customer call is cut off.`;
}

/** Why auto-away moved the agent, told when they come back; null when it didn't. */
export function idleNotice(env: AppStatus, presence: Presence | null): string | null {
  if (!presence || presence.reason !== 'Idle' || !env.idleAway) return null;
  const minutes = env.idleAway.afterMinutes;
  const span = minutes >= 1 ? `${Math.round(minutes)} minute${Math.round(minutes) === 1 ? '' : 's'}` : `${Math.round(minutes * 60)} seconds`;
  return `You were set to ${PRESENCE_LABEL[presence.state]} after ${span} without keyboard or mouse input. Pick Available when you're back.`;
}

/** Battery and auto-away notices, beside the presence they change. */
export function LaptopNotices() {
  const env = useWorkstation((s) => s.environment);
  const presence = useWorkstation((s) => s.presence);
  if (!env) return null;
  const power = powerNotice(env, presence);
  const idle = idleNotice(env, presence);
  return (
    <>
      {power && (
        <span role="alert" aria-label="Battery warning" className={env.powerAlert === 'critical' ? 'error' : 'warning'}>
          {power}
        </span>
      )}
      {idle && (
        <span role="status" aria-label="Auto-away" className="warning">
          {idle}
        </span>
      )}
    </>
  );
}
