import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

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
