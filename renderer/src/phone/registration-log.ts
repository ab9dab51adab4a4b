import type { RegistrationEvent, RegistrationState } from './registration-machine';

/**
 * What the devtools console says about the phone's registration (support reads it; the phone
 * tests print it when they fail): one line per change of state, not one per reconnect attempt.
 * With the SIP server down the recovery machine retries fast (RECONNECT_SCHEDULE: every 100 ms
 * for 3 s, then every 250 ms ±20 % to 2 min — up to ~470 attempts in a 2-minute outage), each
 * attempt going failed → connecting → failed; logging each filled the console
 * (issue 16). The first failure is logged, saying retries follow; then nothing until the phone
 * gets further (registering, registered), is turned off, or fails for another reason.
 */
export interface RegistrationLog {
  /** The failure last logged while retrying quietly; null when not retrying a failure. */
  readonly quietFailure: RegistrationState['failure'] | null;
}

export const INITIAL_REGISTRATION_LOG: RegistrationLog = { quietFailure: null };

/** The console line for one registration change (null: part of a retry cycle already logged), and the log's next state. */
export function registrationLogLine(
  log: RegistrationLog,
  event: RegistrationEvent,
  prev: RegistrationState,
  next: RegistrationState,
): { readonly line: string | null; readonly log: RegistrationLog } {
  const line = `[phone] ${event.type}: ${prev.phase} → ${next.phase} (policy ${next.policy})`;
  const retrying = log.quietFailure !== null;
  if (next.phase === 'failed') {
    if (retrying && next.failure === log.quietFailure) return { line: null, log };
    return { line: `${line}: ${next.failure ?? 'failed'}; retrying, attempts not logged until this changes`, log: { quietFailure: next.failure } };
  }
  if (retrying && next.phase === 'connecting') return { line: null, log };
  return { line: retrying ? `${line} (after retrying a ${log.quietFailure ?? 'failure'})` : line, log: INITIAL_REGISTRATION_LOG };
}
