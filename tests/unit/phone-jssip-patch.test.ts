import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

/**
 * The parts of patches/jssip+3.13.8.patch that need no call to show: JsSIP's own modules, as
 * patched at install. The call-level faults are tested against SIPp (tests/e2e/phone/far-end).
 */
const load = createRequire(import.meta.url);
const Utils = load('jssip/lib/Utils') as { normalizeTarget(t: string, domain: string): { toString(): string } | undefined };
const Parser = load('jssip/lib/Parser') as {
  parseMessage(data: string, ua: unknown): { parse_error?: string; from?: { uri: { toString(): string }; display_name?: string }; from_tag?: string } | undefined;
};

const DialogRequestSender = load('jssip/lib/Dialog/RequestSender') as new (
  dialog: unknown,
  request: { method: string },
  handlers: Record<string, (...args: unknown[]) => void>,
) => { _receiveResponse(response: { status_code: number; method: string }): void };

/** Which handler an in-dialog request's final answer reaches: the request's own, or the dialog's end. */
function reached(method: string, status: number): string[] {
  const seen: string[] = [];
  const handlers = Object.fromEntries(['onErrorResponse', 'onDialogError', 'onSuccessResponse'].map((h) => [h, () => void seen.push(h)]));
  new DialogRequestSender({ _ua: {}, isTerminated: () => false }, { method }, handlers)._receiveResponse({ status_code: status, method });
  return seen;
}

const invite = (from: string, contact = 'Contact: <sip:c@198.51.100.7>') =>
  ['INVITE sip:1002@127.0.0.1 SIP/2.0', 'Via: SIP/2.0/UDP 198.51.100.7;branch=z9hG4bK1', `From: ${from}`, 'To: <sip:1002@127.0.0.1>', 'Call-ID: c1', 'CSeq: 1 INVITE', contact, 'Content-Length: 0', '', ''].join('\r\n');

describe('JsSIP as patched', () => {
  it('sends the keepalive OPTIONS to the server URI itself, not to a user "127001"', () => {
    expect(String(Utils.normalizeTarget('sip:127.0.0.1', '127.0.0.1'))).toBe('sip:127.0.0.1');
    expect(String(Utils.normalizeTarget('1002', '127.0.0.1'))).toBe('sip:1002@127.0.0.1');
  });

  it('reads a From with a tel: URI (RFC 3261 §19.1.6) or raw spaces instead of dropping the INVITE', () => {
    const tel = Parser.parseMessage(invite('"Customer" <tel:+923001234567>;tag=t1'), {});
    expect(tel?.parse_error).toBeUndefined();
    expect(String(tel?.from?.uri)).toBe('sip:+923001234567@127.0.0.1;user=phone');
    expect(tel?.from?.display_name).toBe('Customer');
    expect(tel?.from_tag).toBe('t1');
    const spaced = Parser.parseMessage(invite('<sip:+92 300 1234567@carrier.example>;tag=t2'), {});
    expect(String(spaced?.from?.uri)).toBe('sip:+92%20300%201234567@carrier.example');
  });

  it('marks a request it still cannot read, so the UA answers 400 instead of nothing', () => {
    expect(Parser.parseMessage(invite('"Customer" <sip:+92@@x>;tag=t3'), {})?.parse_error).toContain('From');
    expect(Parser.parseMessage(invite('<sip:+92@x>;tag=t4', 'Contact: <tel:+92>'), {})?.parse_error).toContain('Contact');
  });

  it('a 408 to any in-dialog request fails that request only; a 481 ends the dialog (RFC 5057 §5.1)', () => {
    for (const method of ['INFO', 'REFER', 'UPDATE', 'INVITE']) {
      expect(reached(method, 408), method).toEqual(['onErrorResponse']);
      expect(reached(method, 481), method).toEqual(['onDialogError']);
    }
  });

  it('a 491 to our re-INVITE hands the session the RFC 3261 §14.1 wait, so it withdraws its offer and makes a fresh one', () => {
    for (const [owner, min, max] of [[true, 2100, 4000], [false, 0, 2000]] as const) {
      let wait: number | null = null;
      const dialog = { _ua: {}, isTerminated: () => false, _is_call_id_owner: owner, local_seqnum: 1 };
      new DialogRequestSender(dialog, { method: 'INVITE' }, { onGlare: (delay) => void (wait = delay as number) })._receiveResponse({ status_code: 491, method: 'INVITE' });
      expect(wait).not.toBeNull();
      expect(wait!).toBeGreaterThanOrEqual(min);
      expect(wait!).toBeLessThanOrEqual(max);
    }
  });
});
