import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { ur } from './ur';

/**
 * The desk's languages: English (the default, and what the stored call log speaks) and Urdu.
 * Each is a catalog under renderer/src/i18n; `ur` must have every key `en` has (the type says so,
 * tests/unit/i18n-catalogs.test.ts checks it at run time with no empty values).
 */
export const LANGUAGES = ['en', 'ur'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language's own name, as the language picker shows it (never translated). */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { en: 'English', ur: 'اردو' };

/** Text direction per language: Urdu is written right to left. */
export const DIRECTION: Readonly<Record<Language, 'ltr' | 'rtl'>> = { en: 'ltr', ur: 'rtl' };

/**
 * Where dates and numbers are formatted when IT names no region: the desk's agents work in
 * Pakistan (a Karachi agent reads "30/11/2026, 6:47 pm", not the US "11/30/2026, 6:47:26 PM").
 */
export const DEFAULT_REGION = 'PK';

export const i18n = i18next.createInstance();
// Synchronous: both catalogs are bundled, so `t` answers from the first line of the page (and in
// unit tests of pure functions that call it).
void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ur: { translation: ur } },
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  initAsync: false,
  // React escapes what it renders; catalogs hold plain text.
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** The translator for code outside React (stores, the phone engine): the current language at call time. */
export const t = i18n.t.bind(i18n);

/** The language of a BCP 47 tag ("ur-PK" → "ur"), or null when the desk has no catalog for it. */
export function languageOfTag(tag: string | null | undefined): Language | null {
  const lang = tag?.split('-')[0]?.toLowerCase();
  return LANGUAGES.find((l) => l === lang) ?? null;
}

/** The region of a BCP 47 tag ("en-GB" → "GB"), or null. */
function regionOfTag(tag: string | null | undefined): string | null {
  const region = tag?.split('-')[1];
  return region && /^[A-Za-z]{2}$/.test(region) ? region.toUpperCase() : null;
}

let presetTag: string | null = null;

/** The current UI language. */
export function currentLanguage(): Language {
  return languageOfTag(i18n.language) ?? 'en';
}

/**
 * The locale dates, times and numbers are formatted in: the UI language with IT's region (the
 * policy's `locale`, e.g. "en-GB"), else Pakistan's. The time zone is the machine's (Intl's default).
 */
export function formatLocale(): string {
  return `${currentLanguage()}-${regionOfTag(presetTag) ?? DEFAULT_REGION}`;
}

const CHOICE_KEY = 'agent-workstation.language';

/** The language the agent picked on this machine, if any. */
function savedChoice(): Language | null {
  try {
    return languageOfTag(globalThis.localStorage?.getItem(CHOICE_KEY));
  } catch {
    return null;
  }
}

/** Applies a language to the page: catalogs, `lang` and `dir` on the document root. */
async function apply(language: Language): Promise<void> {
  await i18n.changeLanguage(language);
  if (typeof document !== 'undefined') {
    document.documentElement.lang = formatLocale();
    document.documentElement.dir = DIRECTION[language];
  }
}

/**
 * The rule for which language the desk speaks: the agent's own pick on this machine, else IT's
 * preset (the admin policy's `locale`), else English. Called at start (no preset known yet) and
 * again when the policy arrives.
 */
export function startLanguage(preset: string | null = null): Promise<void> {
  presetTag = preset;
  return apply(savedChoice() ?? languageOfTag(preset) ?? 'en');
}

/** The agent picks a language (the top bar's picker); kept for the next start on this machine. */
export function chooseLanguage(language: Language): Promise<void> {
  try {
    globalThis.localStorage?.setItem(CHOICE_KEY, language);
  } catch {
    // Storage refused (a locked-down profile): the choice holds for this session only.
  }
  return apply(language);
}
