/**
 * A finished call's outcome in the field's terms, for the call log and the KPIs:
 *
 * - answered  — the call was connected, however it ended afterwards (a connected call that then
 *               fails is still an answered call, with its end cause saying why it ended);
 * - missed    — never connected and nobody chose to end it: the ringing ran out (no-answer
 *               timer, 408/480/487 after the far end's timeout) on either side;
 * - abandoned — the side that started the call gave up while it rang: the customer hung up on a
 *               ringing inbound call (CANCEL), or the agent cancelled an outbound call;
 * - declined  — the called side refused it: the agent declined (or DND sent 486), or the customer's
 *               line answered busy / declined (486, 600, 603);
 * - failed    — it never connected because something broke: a SIP error answer, the network,
 *               media or the phone itself.
 *
 * Pure: JsSIP's end report in, the outcome out. Causes are JsSIP's (lib/Constants.js `causes`).
 */
import type { CallOutcome } from '../../../../src/contract';
import type { CallDirection } from '../call-machine';

export type { CallOutcome };

export interface CallEnd {
  readonly direction: CallDirection;
  /** The call was ever connected (accepted/confirmed). */
  readonly answered: boolean;
  /** Who ended it, as JsSIP reports: 'local' (this phone), 'remote' (the far end), 'system'. */
  readonly originator: 'local' | 'remote' | 'system';
  /** JsSIP's cause, null when none was given. */
  readonly cause: string | null;
  /** The SIP final answer that ended it, when one did. */
  readonly statusCode: number | null;
}

const BUSY_OR_DECLINED = new Set([486, 600, 603]);
const RANG_OUT = new Set([408, 480, 487]);

export function callOutcome(end: CallEnd): CallOutcome {
  if (end.answered) return 'answered';
  const { direction, originator, cause, statusCode } = end;
  if (cause === 'No Answer' || cause === 'Expires') return 'missed';
  if (cause === 'Canceled') {
    // The caller gave up while it rang: the customer (inbound, remote) or the agent (outbound, local).
    if ((direction === 'inbound' && originator === 'remote') || (direction === 'outbound' && originator === 'local')) return 'abandoned';
    return 'missed';
  }
  if (direction === 'inbound' && originator === 'local' && (cause === 'Rejected' || cause === 'Busy')) return 'declined';
  if (direction === 'outbound' && originator === 'remote') {
    if ((statusCode !== null && BUSY_OR_DECLINED.has(statusCode)) || cause === 'Busy' || cause === 'Rejected') return 'declined';
    if ((statusCode !== null && RANG_OUT.has(statusCode)) || cause === 'Unavailable') return 'missed';
  }
  return 'failed';
}
