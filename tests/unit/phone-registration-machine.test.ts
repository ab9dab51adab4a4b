import { describe, expect, it } from 'vitest';
import {
  describeRegistration,
  failureForCause,
  INITIAL_REGISTRATION,
  REGISTRATION_TRANSITIONS,
  registrationReducer,
  type RegistrationEvent,
  type RegistrationState,
} from '../../renderer/src/phone/registration-machine';

const run = (events: RegistrationEvent[], from: RegistrationState = INITIAL_REGISTRATION) => events.reduce(registrationReducer, from);
const registeredPath: RegistrationEvent[] = [
  { type: 'configured' },
  { type: 'policy', policy: 'register' },
  { type: 'transport-connecting' },
  { type: 'transport-connected' },
  { type: 'registered' },
];

describe('phone registration machine', () => {
  it('goes unconfigured → unregistered → connecting → registering → registered', () => {
    const phases = registeredPath.map((_, i) => run(registeredPath.slice(0, i + 1)).phase);
    expect(phases).toEqual(['unregistered', 'connecting', 'connecting', 'registering', 'registered']);
  });

  it('stays unconfigured whatever the policy says until an account arrives', () => {
    const s = run([{ type: 'policy', policy: 'register' }, { type: 'transport-connected' }]);
    expect(s.phase).toBe('unconfigured');
    expect(s.policy).toBe('register');
  });

  it('names a wrong password and an unreachable server', () => {
    const base = run(registeredPath.slice(0, 4));
    expect(registrationReducer(base, { type: 'registration-failed', cause: 'Authentication Error' })).toMatchObject({
      phase: 'failed',
      failure: 'wrong-password',
    });
    expect(registrationReducer(base, { type: 'registration-failed', cause: 'Rejected' }).failure).toBe('wrong-password');
    expect(registrationReducer(base, { type: 'transport-down' })).toMatchObject({ phase: 'failed', failure: 'server-unreachable' });
    expect(failureForCause('Request Timeout')).toBe('server-unreachable');
    expect(failureForCause('Not Found')).toBe('rejected');
  });

  it('does not flicker on every reconnect attempt while the server is down, and recovers when it answers', () => {
    const down = run([...registeredPath, { type: 'transport-down' }]);
    const retrying = run([{ type: 'transport-connecting' }, { type: 'transport-down' }, { type: 'transport-connecting' }], down);
    expect(retrying).toEqual(down);
    expect(run([{ type: 'transport-connected' }, { type: 'registered' }], down).phase).toBe('registered');
  });

  it('follows the policy: busy keeps the registration, unregister ends it and ignores transport noise', () => {
    const reg = run(registeredPath);
    const busy = registrationReducer(reg, { type: 'policy', policy: 'register-busy' });
    expect(busy.phase).toBe('registered');
    expect(describeRegistration(busy)).toBe('Phone: registered · incoming calls refused (busy)');
    const off = registrationReducer(busy, { type: 'policy', policy: 'unregister' });
    expect(off.phase).toBe('unregistered');
    expect(run([{ type: 'transport-down' }, { type: 'transport-connected' }], off).phase).toBe('unregistered');
  });

  it('retries a failure when registration is asked for again', () => {
    const failed = run([...registeredPath.slice(0, 4), { type: 'registration-failed', cause: 'Rejected' }]);
    expect(registrationReducer(failed, { type: 'policy', policy: 'register' })).toMatchObject({ phase: 'connecting', failure: null });
  });

  it('has a row for every phase, and every target is a phase', () => {
    const phases = Object.keys(REGISTRATION_TRANSITIONS);
    for (const row of Object.values(REGISTRATION_TRANSITIONS)) for (const to of Object.values(row)) expect(phases).toContain(to);
  });

  it('says what is wrong in the status bar text', () => {
    expect(describeRegistration(run([...registeredPath.slice(0, 2), { type: 'transport-down' }]))).toBe(
      'Phone: not registered — server unreachable',
    );
    expect(describeRegistration(INITIAL_REGISTRATION)).toBe('Phone: not configured');
    expect(describeRegistration(run([{ type: 'unconfigured', reason: 'no-password' }]))).toBe('Phone: no SIP password stored');
  });
});
