/**
 * Card and CNIC numbers typed into free text are masked before they are stored (issue 15 B3),
 * tested with real-shaped test numbers: the card schemes' published test PANs and a CNIC-shaped
 * number; phone numbers and other digit runs that fail Luhn stay as typed.
 */
import { describe, expect, it } from 'vitest';
import { describeMasking, maskSensitiveAnswers, maskSensitiveNumbers, passesLuhn } from '../../src/contract';

describe('the Luhn check', () => {
  it.each(['4111111111111111', '5500000000000004', '378282246310005', '6011111111111117', '3530111333300000', '79927398713'])(
    '%s passes',
    (n) => expect(passesLuhn(n)).toBe(true),
  );
  it.each(['4111111111111112', '1234567812345678', '923001234567', ''])('%s fails', (n) => expect(passesLuhn(n)).toBe(false));
});

describe('maskSensitiveNumbers', () => {
  it.each([
    ['Visa with spaces', 'card 4111 1111 1111 1111 exp 12/28', 'card •••• •••• •••• 1111 exp 12/28'],
    ['Mastercard with dashes', '5500-0000-0000-0004', '••••-••••-••••-0004'],
    ['Visa run', 'pan=4111111111111111.', 'pan=••••••••••••1111.'],
    ['Amex 4-6-5', 'amex 3782 822463 10005', 'amex •••• •••••• •0005'],
    ['Discover', '6011 1111 1111 1117', '•••• •••• •••• 1117'],
    ['JCB', '3530111333300000', '••••••••••••0000'],
    ['19-digit Visa', '4000000000000000006', '•••••••••••••••0006'],
  ])('masks a card number: %s', (_name, typed, stored) => {
    const r = maskSensitiveNumbers(typed);
    expect(r).toEqual({ text: stored, cards: 1, cnics: 0 });
  });

  it.each([
    ['dashed', 'CNIC 35301-1234567-1 verified', 'CNIC •••••-•••••••-• verified'],
    ['spaced', '35301 1234567 1', '••••• ••••••• •'],
    ['13-digit run', 'id:3530112345671', 'id:•••••••••••••'],
  ])('masks a CNIC: %s', (_name, typed, stored) => {
    expect(maskSensitiveNumbers(typed)).toEqual({ text: stored, cards: 0, cnics: 1 });
  });

  it.each([
    ['a Pakistani mobile', 'call back on 0300-1234567'],
    ['an E.164 number', '+92 300 1234567'],
    ['an international prefix', '00923001234567'],
    ['a 16-digit run failing Luhn', 'order 4111 1111 1111 1112'],
    ['a 20-digit reference', 'ref 12345678901234567890'],
    ['short numbers', 'PIN 1234, amount 5500, 12/28'],
    ['a date and time', '2026-11-30 18:47'],
  ])('leaves %s alone', (_name, typed) => {
    expect(maskSensitiveNumbers(typed)).toEqual({ text: typed, cards: 0, cnics: 0 });
  });

  it('finds a card next to a phone number in one run of digit groups', () => {
    const r = maskSensitiveNumbers('0300 1234567 4111 1111 1111 1111');
    expect(r.text).toBe('0300 1234567 •••• •••• •••• 1111');
    expect(r.cards).toBe(1);
  });

  it('masks several numbers, keeps the length, and changes nothing a second time', () => {
    const typed = 'Visa 4111 1111 1111 1111, MC 5500-0000-0000-0004, CNIC 35301-1234567-1, phone 0300-1234567';
    const r = maskSensitiveNumbers(typed);
    expect(r.cards).toBe(2);
    expect(r.cnics).toBe(1);
    expect(r.text).toHaveLength(typed.length);
    expect(r.text).not.toMatch(/4111 1111|5500-0000|35301/);
    expect(r.text).toContain('0300-1234567');
    expect(maskSensitiveNumbers(r.text)).toEqual({ text: r.text, cards: 0, cnics: 0 });
  });

  it('masks inside Urdu text', () => {
    expect(maskSensitiveNumbers('شناختی کارڈ 35301-1234567-1 ہے').text).toBe('شناختی کارڈ •••••-•••••••-• ہے');
  });
});

describe('script answers and the notice', () => {
  it('masks every answer and counts them together', () => {
    const r = maskSensitiveAnswers({ card: '4111111111111111', cnic: '35301-1234567-1', name: 'Ayesha' });
    expect(r).toEqual({ answers: { card: '••••••••••••1111', cnic: '•••••-•••••••-•', name: 'Ayesha' }, cards: 1, cnics: 1 });
  });
  it('says what was masked in the agent’s words', () => {
    expect(describeMasking({ cards: 0, cnics: 0 })).toBeNull();
    expect(describeMasking({ cards: 1, cnics: 0 })).toBe('Masked a card number: card and ID numbers are never stored.');
    expect(describeMasking({ cards: 2, cnics: 1 })).toBe('Masked 2 card numbers and a CNIC number: card and ID numbers are never stored.');
  });
});
