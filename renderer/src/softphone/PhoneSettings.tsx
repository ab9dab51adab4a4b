import { desk, usePhone } from '../desk';
import type { DeviceOption } from '../phone/phone-store';

function DeviceSelect(props: { label: string; value: string; options: readonly DeviceOption[]; onChange: (deviceId: string) => void }) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <select aria-label={props.label} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="default">System default</option>
        {props.options.filter((d) => d.deviceId !== 'default').map((d) => (
          <option key={d.deviceId} value={d.deviceId}>
            {d.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Microphone, speaker and ringer, switchable during a call; DTMF transport as a setting. */
export function PhoneSettings() {
  const { engine } = desk().phone;
  const devices = usePhone((s) => s.devices);
  const dtmf = usePhone((s) => s.dtmfTransport);
  const audioProfile = usePhone((s) => s.audioProfile);
  return (
    <details className="phone-settings">
      <summary>Audio devices and keypad</summary>
      <DeviceSelect label="Microphone" value={devices.microphone} options={devices.microphones} onChange={(id) => void engine.setDevice('microphone', id)} />
      <DeviceSelect label="Speaker" value={devices.speaker} options={devices.speakers} onChange={(id) => void engine.setDevice('speaker', id)} />
      <DeviceSelect label="Ringer" value={devices.ringer} options={devices.speakers} onChange={(id) => void engine.setDevice('ringer', id)} />
      <label className="field">
        <span>Keypad tones</span>
        <select aria-label="Keypad tones" value={dtmf} onChange={(e) => engine.setDtmfTransport(e.target.value === 'info' ? 'info' : 'rfc4733')}>
          <option value="rfc4733">In the audio (RFC 4733)</option>
          <option value="info">SIP INFO</option>
        </select>
      </label>
      <label className="field">
        <span>Call audio</span>
        <select
          aria-label="Call audio"
          value={audioProfile}
          onChange={(e) => engine.setAudioProfile(e.target.value === 'standard' ? 'standard' : e.target.value === 'low-bandwidth' ? 'low-bandwidth' : 'auto')}
        >
          <option value="auto">Automatic (low bandwidth when the line is poor)</option>
          <option value="standard">Standard</option>
          <option value="low-bandwidth">Low bandwidth (16 kbit/s)</option>
        </select>
      </label>
    </details>
  );
}
