/**
 * Why a call ended, in words an agent reads on screen and in the history. The one translation
 * from what JsSIP reports (its `cause` strings, lib/Constants.js `causes`) and the SIP status
 * code of the final answer, when there was one. No raw library cause ever reaches the agent:
 * anything unknown reads as a generic failure.
 */

/** SIP final answers to our INVITE, by code (RFC 3261 §21; RFC 4028 §6 for 422; RFC 3329/6665 aside). */
const BY_STATUS: Readonly<Record<number, string>> = {
  400: 'Failed — the line refused the call',
  401: 'Failed — the phone account was refused',
  403: 'Failed — the line refused the call',
  404: 'Number not found',
  407: 'Failed — the phone account was refused',
  408: 'No answer',
  410: 'Number no longer in use',
  415: 'Failed — the line refused the call',
  420: 'Failed — the line refused the call',
  422: 'Failed — the line refused the call timer',
  480: 'Unavailable',
  481: 'Connection lost',
  484: 'Invalid number',
  485: 'Invalid number',
  486: 'Busy',
  487: 'Cancelled',
  488: 'Failed — the other side cannot take this call’s audio',
  491: 'Failed — try again',
  500: 'Failed — the line had a fault',
  502: 'Failed — the line had a fault',
  503: 'Failed — the line is out of service',
  504: 'No answer',
  600: 'Busy',
  603: 'Declined',
  604: 'Number not found',
  606: 'Failed — the other side cannot take this call’s audio',
};

/**
 * The engine's own cause: relay-only media (iceTransportPolicy 'relay') and no relay candidate
 * from the TURN server in time (media/ice-gathering-cap.ts). Issue 11, fault 6.
 */
export const MEDIA_RELAY_UNREACHABLE = 'Media Relay Unreachable';

/** What the agent is told at once when it happens: it concerns every call, not only this one. */
export const RELAY_UNREACHABLE_NOTICE = 'The media relay (TURN server) does not answer: calls cannot get audio. Ask IT.';

/** JsSIP's causes (lib/Constants.js) when no status code says more, and the engine's own. */
const BY_CAUSE: Readonly<Record<string, string>> = {
  Terminated: 'Hung up',
  Bye: 'Hung up',
  Busy: 'Busy',
  Rejected: 'Declined',
  Redirected: 'Failed — the call was redirected',
  'No Answer': 'No answer',
  Expires: 'No answer',
  Unavailable: 'Unavailable',
  'Not Found': 'Number not found',
  'Address Incomplete': 'Invalid number',
  'Incompatible SDP': 'Failed — the other side cannot take this call’s audio',
  'Bad Media Description': 'Failed — the other side cannot take this call’s audio',
  'Missing SDP': 'Failed — the other side sent no audio details',
  'Authentication Error': 'Failed — the phone account was refused',
  'Connection Error': 'Connection lost',
  'Request Timeout': 'Connection lost',
  'RTP Timeout': 'Connection lost',
  'Dialog Error': 'Connection lost',
  'No ACK': 'Connection lost',
  'WebRTC Error': 'Failed — audio could not be set up',
  'User Denied Media Access': 'Failed — no microphone access',
  'Internal Error': 'Failed — phone fault',
  'SIP Failure Code': 'Failed — the line refused the call',
  [MEDIA_RELAY_UNREACHABLE]: 'Failed — the media relay is unreachable',
};

/**
 * The end cause an agent reads. `cause` is JsSIP's (null when none was given), `answered` whether
 * the call was ever connected, `statusCode` the SIP final answer that ended it, if any.
 */
export function describeEndCause(cause: string | null, answered: boolean, statusCode: number | null = null): string {
  if (!cause) return answered ? 'Hung up' : 'Ended';
  if (cause === 'Canceled') return answered ? 'Hung up' : 'Cancelled';
  if (statusCode !== null && statusCode >= 300) {
    const byCode = BY_STATUS[statusCode];
    if (byCode) return byCode;
  }
  if (cause === 'Terminated' || cause === 'Bye') return 'Hung up';
  return BY_CAUSE[cause] ?? (statusCode !== null && statusCode >= 300 ? 'Failed — the line refused the call' : 'Failed');
}

/**
 * What the agent is told when the far end refused a keypad tone sent as SIP INFO (a 415, 501,
 * 405…: it does not take application/dtmf-relay). The call goes on; the customer's IVR may not
 * have heard the digit.
 */
export function describeRefusedTone(tone: string): string {
  return `The line did not take the keypad tone ${tone} — the other side may not have heard it. The call is still connected.`;
}

/** What the agent is told when the far end refused (or never answered) a change to a live call; the call goes on. */
export function describeRefusedChange(action: 'hold' | 'unhold' | 'renegotiate'): string {
  switch (action) {
    case 'hold':
      return 'The line refused hold — try again. The call is still connected.';
    case 'unhold':
      return 'The line refused to resume the call — try again. The call is still on hold.';
    case 'renegotiate':
      return 'The line refused to repair the audio path; the call is still connected.';
  }
}
