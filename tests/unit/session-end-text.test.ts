import { describe, expect, it } from 'vitest';
import { i18n } from '../../renderer/src/i18n/i18n';
import { sessionEndingText, sessionNoticeText } from '../../renderer/src/sign-in/session-end';

describe('what the agent is told when the server ends the session', () => {
  it('names why, what the desk waits for, and the wipe for a revoked workstation', () => {
    expect(sessionEndingText({ code: 'DEVICE_REVOKED', message: 'IT revoked it.', waitingFor: 'call' })).toBe(
      'IT revoked this workstation. Finish this call and its wrap-up; then this workstation signs out and deletes its local data.',
    );
    expect(sessionEndingText({ code: 'SESSION_EXPIRED', message: 'The password was changed.', waitingFor: 'wrap-up' })).toBe(
      'Your session with the sync server ended (it expired or your password was changed). Submit this wrap-up; then you will be signed out.',
    );
  });

  it('after the sign-out, says the data was deleted, or that the wipe failed', () => {
    const at = '2026-12-01T02:00:00.000Z';
    expect(sessionNoticeText({ code: 'DEVICE_REVOKED', message: 'Revoked.', wiped: true, at })).toMatch(/copy of your data was deleted/);
    expect(sessionNoticeText({ code: 'DEVICE_REVOKED', message: 'Revoked.', wiped: false, at })).toMatch(/did not complete; tell IT/);
    expect(sessionNoticeText({ code: 'SESSION_EXPIRED', message: 'Expired.', wiped: false, at })).toBe(
      'Your session with the sync server ended (it expired or your password was changed).',
    );
  });

  it('speaks Urdu on an Urdu desk, whatever language the server wrote in', async () => {
    await i18n.changeLanguage('ur');
    try {
      const text = sessionEndingText({ code: 'DEVICE_REVOKED', message: 'IT revoked it.', waitingFor: 'call' });
      expect(text).toMatch(/[\u0600-\u06FF]/);
      expect(text).not.toMatch(/revoked/);
    } finally {
      await i18n.changeLanguage('en');
    }
  });
});
