import { REFUSED_NOT_READY, WORKSTATION_RESTARTED } from '../../../src/contract';

/**
 * Every end cause the desk stores, by code, with the English text that is stored in the call log
 * and synced (the supervisor's console and older records read it as it is). The stored text is
 * the cause's identity: the renderer shows it in the agent's language through `endCauseCode()`
 * and the catalogs' `endCause.<code>` (renderer/src/i18n), whose English entries are these texts.
 */
export const END_CAUSES = {
  hungUp: 'Hung up',
  ended: 'Ended',
  cancelled: 'Cancelled',
  busy: 'Busy',
  declined: 'Declined',
  noAnswer: 'No answer',
  unavailable: 'Unavailable',
  numberNotFound: 'Number not found',
  numberNotInUse: 'Number no longer in use',
  invalidNumber: 'Invalid number',
  connectionLost: 'Connection lost',
  failed: 'Failed',
  lineRefused: 'Failed — the line refused the call',
  accountRefused: 'Failed — the phone account was refused',
  timerRefused: 'Failed — the line refused the call timer',
  audioIncompatible: 'Failed — the other side cannot take this call’s audio',
  tryAgain: 'Failed — try again',
  lineFault: 'Failed — the line had a fault',
  outOfService: 'Failed — the line is out of service',
  redirected: 'Failed — the call was redirected',
  noAudioDetails: 'Failed — the other side sent no audio details',
  audioSetup: 'Failed — audio could not be set up',
  noMicrophone: 'Failed — no microphone access',
  phoneFault: 'Failed — phone fault',
  relayUnreachable: 'Failed — the media relay is unreachable',
  refusedNotReady: REFUSED_NOT_READY,
  workstationRestarted: WORKSTATION_RESTARTED,
} as const;
export type EndCauseCode = keyof typeof END_CAUSES;
