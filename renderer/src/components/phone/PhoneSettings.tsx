import { useAgentContext } from '../../agent/agent-context';
import { getPhone, usePhoneState } from '../../phone/phone';

/** Microphone, speaker and ringer, switchable during a call; DTMF transport as a setting. */
export function PhoneSettings() {
  const { agent } = useAgentContext();
  const { engine } = getPhone(agent);
  const devices = usePhoneState(agent, (s) => s.devices);
  const dtmf = usePhoneState(agent, (s) => s.dtmfTransport);
  return (
    <details className="phone-settings">
      <summary>Audio devices and keypad</summary>
      <label className="field">
        <span>Microphone</span>
        <select aria-label="Microphone" value={devices.microphone} onChange={(e) => void engine.setDevice('microphone', e.target.value)}>
          <option value="default">System default</option>
          {devices.microphones.filter((d) => d.deviceId !== 'default').map((d) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label}
            </option>
          ))}
        </select>
      </label>
      {(['speaker', 'ringer'] as const).map((kind) => (
        <label className="field" key={kind}>
          <span>{kind === 'speaker' ? 'Speaker' : 'Ringer'}</span>
          <select aria-label={kind === 'speaker' ? 'Speaker' : 'Ringer'} value={devices[kind]} onChange={(e) => void engine.setDevice(kind, e.target.value)}>
            <option value="default">System default</option>
            {devices.speakers.filter((d) => d.deviceId !== 'default').map((d) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
      ))}
      <label className="field">
        <span>Keypad tones</span>
        <select aria-label="Keypad tones" value={dtmf} onChange={(e) => engine.setDtmfTransport(e.target.value === 'info' ? 'info' : 'rfc4733')}>
          <option value="rfc4733">In the audio (RFC 4733)</option>
          <option value="info">SIP INFO</option>
        </select>
      </label>
    </details>
  );
}
