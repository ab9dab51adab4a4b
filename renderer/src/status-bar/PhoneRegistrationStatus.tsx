import { usePhone } from '../desk';
import { describeRegistration } from '../phone/registration-machine';

/** The status bar's phone line: registration and, when it failed, why. */
export function PhoneRegistrationStatus() {
  const registration = usePhone((s) => s.registration);
  return (
    <span role="status" aria-label="Phone registration" className={`phone-reg phone-reg-${registration.phase}`}>
      {describeRegistration(registration)}
    </span>
  );
}
