import { NUMBER_UNAVAILABLE, WITHHELD_NUMBER } from '../phone/caller-identity';
import { t } from './i18n';

/**
 * Mixed-direction text isolated: a phone number is always laid out left to right in its own
 * isolate, and a name is isolated from what surrounds it, so an Urdu display name beside a
 * number never reorders the number ("+923001234567", never "(923001234567+)"), in either layout.
 */

/** A phone number (E.164, or as dialled): always LTR, isolated; a withheld or unavailable one in words. */
export function PhoneNumber({ number, className }: { number: string; className?: string }) {
  if (number === WITHHELD_NUMBER) return <bdi className={className}>{t('call.withheld')}</bdi>;
  if (number === NUMBER_UNAVAILABLE) return <bdi className={className}>{t('call.unavailable')}</bdi>;
  return (
    <bdi dir="ltr" className={className ? `phone-number ${className}` : 'phone-number'}>
      {number}
    </bdi>
  );
}

/** A party: their name (any script) and their number in brackets, or only the number. */
export function Party({ name, number }: { name: string | null; number: string }) {
  if (!name) return <PhoneNumber number={number} />;
  return (
    <>
      <bdi className="party-name">{name}</bdi> (<PhoneNumber number={number} />)
    </>
  );
}

/**
 * The isolates a catalog text may use around what it interpolates, for react-i18next's `<Trans>`:
 * `<num>{{number}}</num>` is a phone number (LTR), `<name>{{name}}</name>` a name in any script.
 */
export const ISOLATES = {
  num: <bdi dir="ltr" className="phone-number" />,
  name: <bdi />,
};
