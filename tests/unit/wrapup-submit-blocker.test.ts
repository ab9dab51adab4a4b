/** Why Submit is unavailable (renderer/src/wrap-up/submit-blocker.ts): always a reason, never a silent grey button. */
import { describe, expect, it } from 'vitest';
import { submitBlocker } from '../../renderer/src/wrap-up/submit-blocker';

const now = new Date('2026-11-30T10:00:30.000Z');

describe('submitBlocker', () => {
  it('names what is missing or wrong', () => {
    expect(submitBlocker({ disposition: '', showCallback: false, dueAt: null }, now)).toMatch(/Pick a disposition/);
    expect(submitBlocker({ disposition: 'resolved', showCallback: true, dueAt: null }, now)).toMatch(/date and time/);
    expect(submitBlocker({ disposition: 'resolved', showCallback: true, dueAt: '2026-11-30T09:00:00.000Z' }, now)).toMatch(/already passed/);
  });
  it('lets a complete form through, a callback in the current minute included', () => {
    expect(submitBlocker({ disposition: 'resolved', showCallback: false, dueAt: null }, now)).toBeNull();
    expect(submitBlocker({ disposition: 'resolved', showCallback: true, dueAt: '2026-11-30T10:00:00.000Z' }, now)).toBeNull();
    expect(submitBlocker({ disposition: 'resolved', showCallback: true, dueAt: '2026-12-01T10:00:00.000Z' }, now)).toBeNull();
  });
});
