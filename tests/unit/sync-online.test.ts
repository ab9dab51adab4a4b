import { describe, expect, it } from 'vitest';
import { PING_EVERY_MS, PONG_TIMEOUT_MS, pongTimeout, smoothRtt } from '../../src/core/sync/poke-listener';
import { initialLine, nextLine, RECENT_ANSWER_MS, syncOnline, type LineEvent, type LineFacts } from '../../src/core/sync/sync-online';

/** The facts after `events`, from a live engine (one with a poke socket) unless `from` says otherwise. */
const after = (events: LineEvent[], from: LineFacts = initialLine(true)): LineFacts => events.reduce(nextLine, from);
const online = (f: LineFacts, now = 0) => syncOnline(f, now).online;

const signedIn: LineEvent = { type: 'signed-in' };
const open: LineEvent = { type: 'poke-open' };
const closed: LineEvent = { type: 'poke-closed' };
const unreachable: LineEvent = { type: 'unreachable' };
const answered = (at: number): LineEvent => ({ type: 'answered', at });

describe('sync Online: the poke socket open', () => {
  const up = after([signedIn, open, answered(0)]);

  it('is Online, for as long as it stays open: a slow request in flight changes nothing', () => {
    expect(syncOnline(up, 0)).toEqual({ online: true, recheckAt: null });
    expect(online(up, 60_000)).toBe(true);
  });

  it('is Offline at once when the socket closes (a cut resets it; a missed pong closes it), even just after an answer', () => {
    expect(online(after([answered(1000), closed], up), 1001)).toBe(false);
  });

  it('is Offline at once when an attempt finds no server, though the socket has not closed yet', () => {
    const failed = after([unreachable], up);
    expect(online(failed)).toBe(false);
    expect(online(after([answered(5)], failed), 5)).toBe(true);
  });

  it('is Offline when the host says the network went', () => {
    expect(online(after([{ type: 'network-down' }], up))).toBe(false);
  });

  it('an answer that was the server\'s error (a 5xx, a refusal) is still the server: Online', () => {
    expect(online(after([answered(7)], after([unreachable], up)), 7)).toBe(true);
  });

  it('is Offline signed out', () => {
    expect(online(after([{ type: 'signed-out' }], up))).toBe(false);
  });
});

describe('sync Online: the poke socket not open (reconnecting after a cut, or not yet opened)', () => {
  const reconnecting = after([signedIn, open, closed, unreachable, answered(10_000)]);

  it('an answer counts for RECENT_ANSWER_MS, and says when to look again', () => {
    expect(syncOnline(reconnecting, 10_000)).toEqual({ online: true, recheckAt: 10_000 + RECENT_ANSWER_MS });
    expect(online(reconnecting, 10_000 + RECENT_ANSWER_MS - 1)).toBe(true);
    expect(syncOnline(reconnecting, 10_000 + RECENT_ANSWER_MS)).toEqual({ online: false, recheckAt: null });
  });

  it('the shift\'s 15 s case: a cut while the socket reconnects closes it, and that is Offline at once', () => {
    expect(online(after([closed], reconnecting), 10_050)).toBe(false);
  });

  it('a cut that closes nothing (a blackhole during the handshake) is Offline once the answer runs out', () => {
    expect(online(reconnecting, 10_000 + 3000)).toBe(false);
  });

  it('the socket opening is Online, and stays so', () => {
    expect(syncOnline(after([open], reconnecting), 60_000)).toEqual({ online: true, recheckAt: null });
  });

  it('a socket that opens is the server answering: it clears a failed attempt', () => {
    expect(online(after([signedIn, unreachable, open]))).toBe(true);
  });

  it('nothing heard yet after signing in is Offline', () => {
    expect(online(after([signedIn]))).toBe(false);
  });
});

describe('sync Online: an engine without a poke socket (a test driving pulls itself)', () => {
  const quiet = initialLine(false);

  it('is Online from the server\'s answer to the next failure, with nothing to look again for', () => {
    const up = after([signedIn, answered(0)], quiet);
    expect(syncOnline(up, 600_000)).toEqual({ online: true, recheckAt: null });
    expect(online(after([unreachable], up))).toBe(false);
  });
});

describe('the poke socket\'s pong deadline', () => {
  it('is PONG_TIMEOUT_MS on any line that answers faster, so a blackhole shows within 3 s with the ping interval', () => {
    expect(pongTimeout(null)).toBe(PONG_TIMEOUT_MS);
    expect(pongTimeout(120)).toBe(PONG_TIMEOUT_MS);
    expect(PING_EVERY_MS + PONG_TIMEOUT_MS).toBeLessThanOrEqual(3000);
  });

  it('is two round trips on a slower line, which then stays Online instead of flapping', () => {
    expect(pongTimeout(3000)).toBe(6000);
  });

  it('follows the line: a slow handshake stops counting within a few pongs', () => {
    let rtt = smoothRtt(null, 1500);
    for (let i = 0; i < 4; i++) rtt = smoothRtt(rtt, 100);
    expect(pongTimeout(rtt)).toBe(PONG_TIMEOUT_MS);
  });
});
