import { useAgentContext } from '../../agent/agent-context';
import { getPhone } from '../../phone/phone';

/** Click-to-dial for any number shown in the app (CRM, scripts, history). */
export function PhoneNumberLink({ number, label }: { number: string; label?: string }) {
  const { agent } = useAgentContext();
  return (
    <button type="button" className="link tel" aria-label={`Call ${number}`} onClick={() => void getPhone(agent).engine.dial(number)}>
      {label ?? number}
    </button>
  );
}
