import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { AgentError } from '../../contract';

/** Most agents dial Pakistani numbers in their national form (0300 1234567). */
export const DEFAULT_COUNTRY: CountryCode = 'PK';

/**
 * The E.164 form of a number as an agent or a SIP header writes it, or null when it is not a
 * phone number at all (an extension, "anonymous"). "Possible" rather than "valid": the
 * metadata lags behind new number ranges, and refusing a real customer's number is worse.
 */
export function toE164(raw: string, country: CountryCode = DEFAULT_COUNTRY): string | null {
  const cleaned = raw.trim().replace(/^sips?:/i, '').replace(/@.*$/, '');
  if (!/\d/.test(cleaned)) return null;
  const parsed = parsePhoneNumberFromString(cleaned, country);
  if (!parsed || !parsed.isPossible()) return null;
  return parsed.number;
}

/** How this workstation reads a number typed or received without a country code. */
export type NormalizeNumber = (raw: string) => string | null;

/**
 * The normalizer for a workstation's default country (ISO 3166 code such as PK, GB, US), set
 * by IT for teams whose customers are mostly elsewhere.
 */
export function numberNormalizer(country: string = DEFAULT_COUNTRY): NormalizeNumber {
  const code = country.trim().toUpperCase();
  if (!isSupportedCountry(code)) throw new AgentError('INVALID_INPUT', `"${country}" is not a country code phone numbers can be read in (for example PK, GB, US).`);
  return (raw) => toE164(raw, code);
}
