/**
 * The phone's console lines (renderer/src/phone/registration-log.ts): with the SIP server down
 * the recovery machine retries every 100 ms at first; the console gets one line when the phone
 * fails and one when it gets further, not two per attempt (issue 16).
 */
import { expect, it } from 'vitest';
import { INITIAL_REGISTRATION_LOG, registrationLogLine } from '../../renderer/src/phone/registration-log';
import { INITIAL_REGISTRATION, registrationReducer, type RegistrationEvent, type RegistrationState } from '../../renderer/src/phone/registration-machine';

/** Feeds the events through the real reducer and the log, as sip-connection.ts does; returns the lines logged. */
function consoleLines(events: RegistrationEvent[], from: RegistrationState = INITIAL_REGISTRATION): string[] {
  let state = from;
  let log = INITIAL_REGISTRATION_LOG;
  const lines: string[] = [];
  for (const event of events) {
    const next = registrationReducer(state, event);
    if (next === state) continue;
    const out = registrationLogLine(log, event, state, next);
    log = out.log;
    if (out.line !== null) lines.push(out.line);
    state = next;
  }
  return lines;
}

const attempt: RegistrationEvent[] = [{ type: 'transport-connecting' }, { type: 'transport-down' }];

it('logs a server that stays down once, not once per reconnect attempt, and logs when it comes back', () => {
  const start: RegistrationEvent[] = [{ type: 'configured' }, { type: 'policy', policy: 'register' }];
  const down = Array.from({ length: 50 }, () => attempt).flat();
  const back: RegistrationEvent[] = [{ type: 'transport-connecting' }, { type: 'transport-connected' }, { type: 'registered' }];
  const lines = consoleLines([...start, ...down, ...back]);
  const failures = lines.filter((l) => l.includes('→ failed'));
  expect(failures).toHaveLength(1);
  expect(failures[0]).toContain('server-unreachable; retrying');
  expect(lines.some((l) => l.includes('→ registered') || l.includes('→ registering'))).toBe(true);
  // Every state the phone reached other than the retry cycle still has its line.
  expect(lines.length).toBeLessThan(10);
});

it('logs a different failure, and a failure after the phone had recovered, again', () => {
  const lines = consoleLines([
    { type: 'configured' },
    { type: 'policy', policy: 'register' },
    ...attempt,
    ...attempt,
    { type: 'transport-connecting' },
    { type: 'transport-connected' },
    { type: 'registration-failed', cause: 'Authentication Error' },
    { type: 'transport-connecting' },
    { type: 'transport-connected' },
    { type: 'registered' },
    { type: 'transport-down' },
  ]);
  expect(lines.filter((l) => l.includes('→ failed'))).toHaveLength(3);
});
