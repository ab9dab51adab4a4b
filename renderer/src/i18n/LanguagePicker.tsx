import { useTranslation } from 'react-i18next';
import { chooseLanguage, currentLanguage, LANGUAGE_NAMES, LANGUAGES, languageOfTag } from './i18n';

/** The top bar's language picker: each language named in itself, so an agent finds theirs. */
export function LanguagePicker() {
  const { t, i18n } = useTranslation();
  const value = languageOfTag(i18n.language) ?? currentLanguage();
  return (
    <label className="language">
      <span className="visually-hidden">{t('app.language')}</span>
      <select aria-label={t('app.language')} value={value} onChange={(e) => void chooseLanguage(languageOfTag(e.target.value) ?? 'en')}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
