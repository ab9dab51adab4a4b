import { describe, expect, it } from 'vitest';
import type { Heartbeat } from '../../src/contract';
import { lastFourDigits } from '../../src/contract';
import { boardStateOf, heartbeatIntervalFor } from '../../src/server/console/board-state';
import { CONSOLE_COOKIE, clearedSessionCookie, sessionCookie, sessionFromCookieHeader } from '../../src/server/console/session-cookie';

const T0 = Date.parse('2026-11-30T09:00:00Z');
const beat = (over: Partial<Heartbeat> = {}): Heartbeat => ({
  type: 'heartbeat',
  presence: { state: 'Available', reason: null, since: '2026-11-30T08:30:00.000Z' },
  registration: 'registered',
  call: null,
  power: 'ac',
  batteryPercent: null,
  network: 'good',
  mos: 4.3,
  pendingMutations: 0,
  handRaised: false,
  ...over,
});

describe('boardStateOf', () => {
  it('never heard from: Offline', () => {
    expect(boardStateOf(null, null, T0, 20_000)).toEqual({ state: 'Offline', sinceMs: null });
  });
  it('presence while heard, since the presence changed', () => {
    expect(boardStateOf(beat({ presence: { state: 'Break', reason: 'Prayer', since: '2026-11-30T08:55:00.000Z' } }), T0 - 1000, T0, 20_000)).toEqual({
      state: 'Break',
      sinceMs: Date.parse('2026-11-30T08:55:00.000Z'),
    });
  });
  it('a call in progress is On call from its answer, whatever the presence says', () => {
    const call = { direction: 'inbound' as const, numberLast4: '4567', startedAt: '2026-11-30T08:59:00.000Z', answeredAt: '2026-11-30T08:59:10.000Z', campaignId: null };
    expect(boardStateOf(beat({ call }), T0, T0, 20_000)).toEqual({ state: 'On call', sinceMs: Date.parse(call.answeredAt) });
  });
  it('silent longer than the lag time: Lagged since last heard, exactly past the boundary', () => {
    expect(boardStateOf(beat(), T0 - 20_000, T0, 20_000).state).toBe('Available');
    expect(boardStateOf(beat(), T0 - 20_001, T0, 20_000)).toEqual({ state: 'Lagged', sinceMs: T0 - 20_001 });
  });
  it('silent after signing off is Offline, not Lagged', () => {
    expect(boardStateOf(beat({ presence: { state: 'Offline', reason: null, since: '2026-11-30T08:00:00.000Z' } }), T0 - 60_000, T0, 20_000).state).toBe('Offline');
  });
  it('asks for a beat four times per lag time, never more than once a second', () => {
    expect(heartbeatIntervalFor(20_000)).toBe(5000);
    expect(heartbeatIntervalFor(2000)).toBe(1000);
  });
});

describe('masking', () => {
  it('keeps the last 4 digits only', () => {
    expect(lastFourDigits('+92 300 123-4567')).toBe('4567');
    expect(lastFourDigits('12')).toBe('12');
    expect(lastFourDigits('anonymous')).toBe('');
  });
});

describe('console session cookie', () => {
  it('is HttpOnly, SameSite=Strict, scoped to /console, Secure over HTTPS', () => {
    expect(sessionCookie('abc', { secure: true, maxAgeSeconds: 60 })).toBe(`${CONSOLE_COOKIE}=abc; Path=/console; HttpOnly; SameSite=Strict; Max-Age=60; Secure`);
    expect(clearedSessionCookie(false)).toContain('Max-Age=0');
  });
  it('is read from a Cookie header among others', () => {
    expect(sessionFromCookieHeader(`theme=dark; ${CONSOLE_COOKIE}=tok_1; x=y`)).toBe('tok_1');
    expect(sessionFromCookieHeader('theme=dark')).toBeNull();
    expect(sessionFromCookieHeader(undefined)).toBeNull();
    expect(sessionFromCookieHeader(`${CONSOLE_COOKIE}=`)).toBeNull();
  });
});
