import type { Session } from '../../../src/contract';
import { t } from '../i18n/i18n';

/**
 * What the desk tells the agent when the sync server ended the session (issue 15 A5, B2): while
 * a call or its wrap-up is open, that the desk waits for it; after the sign-out, why it happened
 * and, for a workstation IT revoked, that its local data was deleted. In the agent's language,
 * worded from the code (the server's `message` is English detail for IT: App.tsx shows it as
 * the tooltip, errorDetail).
 */
export function sessionEndingText(ending: NonNullable<Session['ending']>): string {
  return t('sessionEnd.endingText', {
    why: t(`sessionEnd.why.${ending.code}`),
    wait: ending.waitingFor === 'call' ? t('sessionEnd.finishCall') : t('sessionEnd.submitWrapup'),
    then: ending.code === 'DEVICE_REVOKED' ? t('sessionEnd.thenWipe') : t('sessionEnd.thenSignOut'),
  });
}

/** Why the last agent was signed out by the server, for the sign-in screen; for a revoked workstation, whether its data was deleted. */
export function sessionNoticeText(notice: NonNullable<Session['notice']>): string {
  const why = t(`sessionEnd.why.${notice.code}`);
  if (notice.code !== 'DEVICE_REVOKED') return why;
  return t(notice.wiped ? 'sessionEnd.wiped' : 'sessionEnd.wipeFailed', { why });
}
