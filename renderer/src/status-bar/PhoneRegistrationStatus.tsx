import { useTranslation } from 'react-i18next';
import { usePhone } from '../desk';
import { describeRegistration } from '../phone/registration-machine';

/** The status bar's phone line: registration and, when it failed, why. */
export function PhoneRegistrationStatus() {
  const { t } = useTranslation();
  const registration = usePhone((s) => s.registration);
  return (
    <span role="status" aria-label={t('status.phoneRegistration')} className={`phone-reg phone-reg-${registration.phase}`}>
      {describeRegistration(registration)}
    </span>
  );
}
