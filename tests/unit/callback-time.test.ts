/** Callback times in the agent's zone with the customer's beside them (renderer helpers, pure). */
import { describe, expect, it } from 'vitest';
import { customerWhen, formatCountdown, formatWhen, zoneCity } from '../../renderer/src/callbacks/callback-time';

describe('callback times', () => {
  const due = '2026-11-27T05:00:00.000Z';

  it("shows the agent's and the customer's wall-clock time", () => {
    expect(formatWhen(due, 'Asia/Karachi')).toBe('Fri 27 Nov 10:00');
    expect(customerWhen(due, 'America/Chicago')).toBe('Thu 26 Nov 23:00 in Chicago');
    expect(customerWhen(due, 'Europe/London')).toBe('Fri 27 Nov 05:00 in London');
  });

  it('says nothing for an unknown or unreal zone', () => {
    expect(customerWhen(due, '')).toBeNull();
    expect(customerWhen(due, 'Mars/Olympus')).toBeNull();
    expect(zoneCity('America/New_York')).toBe('New York');
  });

  it('counts down in minutes and seconds', () => {
    expect(formatCountdown(60)).toBe('1:00');
    expect(formatCountdown(41.2)).toBe('0:42');
    expect(formatCountdown(-3)).toBe('0:00');
  });
});
