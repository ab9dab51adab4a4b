/**
 * The desk's English and Urdu catalogs (renderer/src/i18n): the same keys, no empty text, the
 * same interpolations and isolates, and every code the core or the phone can send has words.
 */
import { describe, expect, it } from 'vitest';
import { AgentError, ErrorCode, ErrorReason, ResultShape } from '../../src/contract';
import { en } from '../../renderer/src/i18n/en';
import { ur } from '../../renderer/src/i18n/ur';
import { i18n, languageOfTag } from '../../renderer/src/i18n/i18n';
import { errorText } from '../../renderer/src/i18n/error-text';
import { endCauseText } from '../../renderer/src/i18n/end-cause-text';
import { maskingText } from '../../renderer/src/i18n/masking-text';
import { describeEndCause, END_CAUSES } from '../../renderer/src/phone/end-cause';
import { parseAdminPolicy } from '../../src/core/policy/admin-policy';

type Tree = { readonly [key: string]: string | Tree };

/** Every leaf as [dotted key, text]. */
function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));
}

/** The {{placeholders}} and <isolate> tags a text uses, sorted. */
const slots = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}|<(\w+)>/g)].map((m) => m[1] ?? `<${m[2]}>`).sort();

describe('the en and ur catalogs', () => {
  const english = leaves(en);
  const urdu = new Map(leaves(ur));

  it('have the same keys', () => {
    expect([...urdu.keys()].sort()).toEqual(english.map(([k]) => k).sort());
  });

  it('have no empty text', () => {
    const empty = [...english, ...urdu].filter(([, v]) => v.trim() === '').map(([k]) => k);
    expect(empty).toEqual([]);
  });

  it('interpolate the same values and isolate the same runs in both languages', () => {
    const differing = english.filter(([k, v]) => JSON.stringify(slots(v)) !== JSON.stringify(slots(urdu.get(k) ?? ''))).map(([k]) => k);
    expect(differing).toEqual([]);
  });

  it('are really Urdu: the Urdu catalog is written in Arabic script where English has words', () => {
    // Texts with no English words (only placeholders, figures, "SIP INFO") may be the same.
    const words = (v: string) => /[a-z]{3}/i.test(v.replace(/\{\{\w+\}\}|<\/?\w+>/g, ''));
    const untranslated = english.filter(([k, v]) => words(v) && urdu.get(k) === v).map(([k]) => k);
    expect(untranslated).toEqual(['settings.tonesSipInfo']);
    expect(ur.presence.state.Available).toMatch(/[\u0600-\u06FF]/);
  });
});

describe('what the core and the phone send, in the agent’s language', () => {
  it('has agent words for every error code, in both languages', async () => {
    for (const code of ErrorCode.options) {
      expect(en.errors[code], code).toBeTruthy();
      expect(ur.errors[code], code).toMatch(/[\u0600-\u06FF]/);
    }
    expect(errorText({ code: 'AUTH_FAILED' })).toBe('Wrong username or password.');
    await i18n.changeLanguage('ur');
    try {
      expect(errorText({ code: 'AUTH_FAILED' })).toBe('غلط یوزر نیم یا پاس ورڈ۔');
    } finally {
      await i18n.changeLanguage('en');
    }
  });

  it('shows every stored end cause in the agent’s language, and an unknown one as stored', async () => {
    expect(en.endCause).toEqual(END_CAUSES);
    const stored = describeEndCause('Busy', false, 486);
    expect(endCauseText(stored)).toBe('Busy');
    await i18n.changeLanguage('ur');
    try {
      expect(endCauseText(stored)).toBe('مصروف');
      expect(endCauseText('Workstation restarted')).toBe('ورک اسٹیشن دوبارہ شروع ہوا');
      expect(endCauseText('Some older cause')).toBe('Some older cause');
    } finally {
      await i18n.changeLanguage('en');
    }
  });

  it('counts masked numbers with the language’s plural forms', () => {
    expect(maskingText({ cards: 1, cnics: 0 })).toBe('Masked a card number: card and ID numbers are never stored.');
    expect(maskingText({ cards: 2, cnics: 1 })).toBe('Masked 2 card numbers and a CNIC number: card and ID numbers are never stored.');
    expect(maskingText({ cards: 0, cnics: 0 })).toBeNull();
  });

  it('reads the language of a BCP 47 tag, IT’s policy form', () => {
    expect(languageOfTag('ur-PK')).toBe('ur');
    expect(languageOfTag('en')).toBe('en');
    expect(languageOfTag('fr-FR')).toBeNull();
    expect(languageOfTag(null)).toBeNull();
  });
});

describe("IT's language preset (the admin policy's locale)", () => {
  it('takes en or ur, with or without a region, from the file or the environment', () => {
    expect(parseAdminPolicy({ locale: 'ur-PK' }, {})).toEqual({ policy: { locale: 'ur-PK' }, problems: [] });
    expect(parseAdminPolicy(null, { AGENT_POLICY_LOCALE: 'en' })).toEqual({ policy: { locale: 'en' }, problems: [] });
  });

  it('refuses a language the desk has no catalog for, by name, and applies the rest', () => {
    const r = parseAdminPolicy({ locale: 'fr-FR', retentionDays: 30 }, {});
    expect(r.policy).toEqual({ retentionDays: 30 });
    expect(r.problems).toEqual([{ field: 'locale', source: 'file', message: expect.stringContaining('en or ur') }]);
  });
});

describe('a refused presence change, in the agent’s words', () => {
  it('words the reason the core sent with the CONFLICT, in both languages', async () => {
    for (const reason of ErrorReason.options) {
      expect(en.errorReasons[reason], reason).toBeTruthy();
      expect(ur.errorReasons[reason], reason).toMatch(/[\u0600-\u06FF]/);
    }
    const onCall = { code: 'CONFLICT', reason: 'PRESENCE_ON_CALL' } as const;
    expect(errorText(onCall)).toBe("You're on a call: you'll be Available again when the call and its wrap-up are done.");
    expect(errorText({ code: 'CONFLICT', reason: 'PRESENCE_WRAPUP_REQUIRED' })).toBe('Wrap-up required: submit a disposition before going Available.');
    expect(errorText({ code: 'CONFLICT', reason: 'PRESENCE_WRAPUP_TIMED' })).toBe('Wrap-up required: submit a disposition, or the wrap-up timer ends it.');
    // Without a reason, the code's words: the renderer does not guess one from its own state.
    expect(errorText({ code: 'CONFLICT' })).toBe(en.errors.CONFLICT);
    await i18n.changeLanguage('ur');
    try {
      expect(errorText(onCall)).toBe(ur.errorReasons.PRESENCE_ON_CALL);
    } finally {
      await i18n.changeLanguage('en');
    }
  });

  it('keeps the reason across the API edge (the dispatcher’s shape, validated by zod)', () => {
    const shape = new AgentError('CONFLICT', 'on a call', { reason: 'PRESENCE_ON_CALL' }).toShape();
    expect(ResultShape.parse({ ok: false, error: shape })).toEqual({ ok: false, error: { code: 'CONFLICT', message: 'on a call', reason: 'PRESENCE_ON_CALL' } });
    expect(new AgentError('CONFLICT', 'taken').toShape()).toStrictEqual({ code: 'CONFLICT', message: 'taken' });
    expect(ResultShape.safeParse({ ok: false, error: { code: 'CONFLICT', message: 'x', reason: 'MADE_UP' } }).success).toBe(false);
  });
});
