/**
 * Why a call ended, in words an agent reads on screen and in the history. The one translation
 * from what JsSIP reports (its `cause` strings, lib/Constants.js `causes`) and the SIP status
 * code of the final answer, when there was one. No raw library cause ever reaches the agent:
 * anything unknown reads as a generic failure.
 */
import { END_CAUSES, type EndCauseCode } from './end-causes';
import { t } from '../i18n/i18n';

export { END_CAUSES, type EndCauseCode } from './end-causes';

const E = END_CAUSES;

const CODE_OF_TEXT: ReadonlyMap<string, EndCauseCode> = new Map(Object.entries(END_CAUSES).map(([code, text]) => [text, code as EndCauseCode]));

/** The code of a stored end cause, or null for a text this desk does not know (shown as stored). */
export function endCauseCode(stored: string): EndCauseCode | null {
  return CODE_OF_TEXT.get(stored) ?? null;
}

/** SIP final answers to our INVITE, by code (RFC 3261 §21; RFC 4028 §6 for 422; RFC 3329/6665 aside). */
const BY_STATUS: Readonly<Record<number, string>> = {
  400: E.lineRefused,
  401: E.accountRefused,
  403: E.lineRefused,
  404: E.numberNotFound,
  407: E.accountRefused,
  408: E.noAnswer,
  410: E.numberNotInUse,
  415: E.lineRefused,
  420: E.lineRefused,
  422: E.timerRefused,
  480: E.unavailable,
  481: E.connectionLost,
  484: E.invalidNumber,
  485: E.invalidNumber,
  486: E.busy,
  487: E.cancelled,
  488: E.audioIncompatible,
  491: E.tryAgain,
  500: E.lineFault,
  502: E.lineFault,
  503: E.outOfService,
  504: E.noAnswer,
  600: E.busy,
  603: E.declined,
  604: E.numberNotFound,
  606: E.audioIncompatible,
};

/**
 * The engine's own cause: relay-only media (iceTransportPolicy 'relay') and no relay candidate
 * from the TURN server in time (media/ice-gathering-cap.ts). Issue 11, fault 6.
 */
export const MEDIA_RELAY_UNREACHABLE = 'Media Relay Unreachable';

/** What the agent is told at once when it happens: it concerns every call, not only this one. */
export const relayUnreachableNotice = (): string => t('softphone.relayUnreachable');

/** JsSIP's causes (lib/Constants.js) when no status code says more, and the engine's own. */
const BY_CAUSE: Readonly<Record<string, string>> = {
  Terminated: E.hungUp,
  Bye: E.hungUp,
  Busy: E.busy,
  Rejected: E.declined,
  Redirected: E.redirected,
  'No Answer': E.noAnswer,
  Expires: E.noAnswer,
  Unavailable: E.unavailable,
  'Not Found': E.numberNotFound,
  'Address Incomplete': E.invalidNumber,
  'Incompatible SDP': E.audioIncompatible,
  'Bad Media Description': E.audioIncompatible,
  'Missing SDP': E.noAudioDetails,
  'Authentication Error': E.accountRefused,
  'Connection Error': E.connectionLost,
  'Request Timeout': E.connectionLost,
  'RTP Timeout': E.connectionLost,
  'Dialog Error': E.connectionLost,
  'No ACK': E.connectionLost,
  'WebRTC Error': E.audioSetup,
  'User Denied Media Access': E.noMicrophone,
  'Internal Error': E.phoneFault,
  'SIP Failure Code': E.lineRefused,
  [MEDIA_RELAY_UNREACHABLE]: E.relayUnreachable,
};

/**
 * The end cause an agent reads. `cause` is JsSIP's (null when none was given), `answered` whether
 * the call was ever connected, `statusCode` the SIP final answer that ended it, if any.
 */
export function describeEndCause(cause: string | null, answered: boolean, statusCode: number | null = null): string {
  if (!cause) return answered ? E.hungUp : E.ended;
  if (cause === 'Canceled') return answered ? E.hungUp : E.cancelled;
  if (statusCode !== null && statusCode >= 300) {
    const byCode = BY_STATUS[statusCode];
    if (byCode) return byCode;
  }
  if (cause === 'Terminated' || cause === 'Bye') return E.hungUp;
  return BY_CAUSE[cause] ?? (statusCode !== null && statusCode >= 300 ? E.lineRefused : E.failed);
}

/**
 * What the agent is told when the far end refused a keypad tone sent as SIP INFO (a 415, 501,
 * 405…: it does not take application/dtmf-relay). The call goes on; the customer's IVR may not
 * have heard the digit.
 */
export function describeRefusedTone(tone: string): string {
  return t('softphone.refusedTone', { tone });
}

/** What the agent is told when the far end refused (or never answered) a change to a live call; the call goes on. */
export function describeRefusedChange(action: 'hold' | 'unhold' | 'renegotiate'): string {
  switch (action) {
    case 'hold':
      return t('softphone.refusedHold');
    case 'unhold':
      return t('softphone.refusedUnhold');
    case 'renegotiate':
      return t('softphone.refusedRenegotiate');
  }
}
