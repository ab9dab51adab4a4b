import { endCauseCode } from '../phone/end-cause';
import { t } from './i18n';

/**
 * A stored end cause (the English text the call log keeps, phone/end-cause.ts `END_CAUSES`) in
 * the agent's language. A text this desk does not know (written by another version) is shown as
 * stored rather than hidden.
 */
export function endCauseText(stored: string): string {
  const code = endCauseCode(stored);
  return code ? t(`endCause.${code}`) : stored;
}
