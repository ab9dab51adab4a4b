import { useEffect, useState } from 'react';
import type { LockableSetting } from '../../../src/contract';
import { desk, usePhone } from '../desk';
import type { DeviceOption } from '../phone/phone-store';

/** The settings IT's policy locks on this machine (issue 15 B1), read once. */
function useLockedSettings(): ReadonlySet<LockableSetting> {
  const [locked, setLocked] = useState<ReadonlySet<LockableSetting>>(new Set());
  useEffect(() => {
    void desk()
      .agent.app.policy({})
      .then((r) => {
        if (r.ok) setLocked(new Set(r.value.policy.locked ?? []));
      });
  }, []);
  return locked;
}

const LOCKED_NOTE = 'Locked by IT';

function DeviceSelect(props: { label: string; value: string; options: readonly DeviceOption[]; locked: boolean; onChange: (deviceId: string) => void }) {
  return (
    <label className="field">
      <span>
        {props.label}
        {props.locked && <span className="muted"> ({LOCKED_NOTE})</span>}
      </span>
      <select aria-label={props.label} value={props.value} disabled={props.locked} title={props.locked ? LOCKED_NOTE : undefined} onChange={(e) => props.onChange(e.target.value)}>
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

/**
 * The line the phone uses (read-only here: IT configures it): SIP servers, domain, STUN/TURN,
 * each marked "Locked by IT" when the machine's policy sets it or locks the whole account.
 */
function PhoneLine({ accountLocked }: { accountLocked: boolean }) {
  const account = usePhone((s) => s.account);
  if (!account) return null;
  const from = new Set(account.fromPolicy);
  const note = (field: 'wsServers' | 'domain' | 'iceServers') => (accountLocked || from.has(field) ? ` (${LOCKED_NOTE})` : '');
  const domain = account.uri.replace(/^sips?:[^@]*@/, '');
  return (
    <dl className="phone-line" aria-label="Phone line">
      <dt>SIP servers{note('wsServers')}</dt>
      <dd>{account.wsServers.join(', ')}</dd>
      <dt>SIP domain{note('domain')}</dt>
      <dd>{domain}</dd>
      <dt>STUN/TURN{note('iceServers')}</dt>
      <dd>{account.iceServers.length ? account.iceServers.flatMap((s) => s.urls).join(', ') : 'none'}</dd>
    </dl>
  );
}

/** Microphone, speaker and ringer, switchable during a call; DTMF transport as a setting. */
export function PhoneSettings() {
  const { engine } = desk().phone;
  const devices = usePhone((s) => s.devices);
  const dtmf = usePhone((s) => s.dtmfTransport);
  const audioProfile = usePhone((s) => s.audioProfile);
  const locked = useLockedSettings();
  const devicesLocked = locked.has('phone.devices');
  const dtmfLocked = locked.has('phone.dtmfTransport');
  return (
    <details className="phone-settings">
      <summary>Audio devices and keypad</summary>
      <PhoneLine accountLocked={locked.has('phone.account')} />
      <DeviceSelect locked={devicesLocked} label="Microphone" value={devices.microphone} options={devices.microphones} onChange={(id) => void engine.setDevice('microphone', id)} />
      <DeviceSelect locked={devicesLocked} label="Speaker" value={devices.speaker} options={devices.speakers} onChange={(id) => void engine.setDevice('speaker', id)} />
      <DeviceSelect locked={devicesLocked} label="Ringer" value={devices.ringer} options={devices.speakers} onChange={(id) => void engine.setDevice('ringer', id)} />
      <label className="field">
        <span>
          Keypad tones{dtmfLocked && <span className="muted"> ({LOCKED_NOTE})</span>}
        </span>
        <select aria-label="Keypad tones" disabled={dtmfLocked} title={dtmfLocked ? LOCKED_NOTE : undefined} value={dtmf} onChange={(e) => engine.setDtmfTransport(e.target.value === 'info' ? 'info' : 'rfc4733')}>
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
