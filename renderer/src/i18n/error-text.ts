import type { AgentErrorShape } from '../../../src/contract';
import { t } from './i18n';

/**
 * What the agent reads when the core refuses something: the catalog's words for the error's
 * code, in the agent's language. The one rule for every error the core sends: the code is the
 * contract, the core's `message` is detail for IT and the log (shown only as a tooltip, through
 * `errorDetail`), never the agent's text — it is English and sometimes developer-worded. A
 * `reason` the core sent with the code picks more precise words (`errorReasons` in the catalogs).
 */
export function errorText(error: Pick<AgentErrorShape, 'code' | 'reason'>): string {
  // The core's reason, when it sent one, says more than the code (a CONFLICT: on a call, or a
  // wrap-up to submit); the renderer never works the reason out again from its own state.
  return error.reason ? t(`errorReasons.${error.reason}`) : t(`errors.${error.code}`);
}

/** The core's own message, for a tooltip IT can read out over the phone. */
export function errorDetail(error: Pick<AgentErrorShape, 'code' | 'message'>): string {
  return `${error.code}: ${error.message}`;
}
