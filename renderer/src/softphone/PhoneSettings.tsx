import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
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

function DeviceSelect(props: { label: string; value: string; options: readonly DeviceOption[]; locked: boolean; onChange: (deviceId: string) => void }) {
  const { t } = useTranslation();
  const lockedNote = t('settings.lockedByIt');
  return (
    <label className="field">
      <span>
        {props.label}
        {props.locked && <span className="muted"> ({lockedNote})</span>}
      </span>
      <select aria-label={props.label} value={props.value} disabled={props.locked} title={props.locked ? lockedNote : undefined} onChange={(e) => props.onChange(e.target.value)}>
        <option value="default">{t('settings.systemDefault')}</option>
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
  const { t } = useTranslation();
  const account = usePhone((s) => s.account);
  if (!account) return null;
  const from = new Set(account.fromPolicy);
  const note = (field: 'wsServers' | 'domain' | 'iceServers') => (accountLocked || from.has(field) ? ` (${t('settings.lockedByIt')})` : '');
  const domain = account.uri.replace(/^sips?:[^@]*@/, '');
  return (
    <dl className="phone-line" aria-label={t('settings.phoneLine')}>
      <dt>
        {t('settings.sipServers')}
        {note('wsServers')}
      </dt>
      <dd dir="ltr">{account.wsServers.join(', ')}</dd>
      <dt>
        {t('settings.sipDomain')}
        {note('domain')}
      </dt>
      <dd dir="ltr">{domain}</dd>
      <dt>
        {t('settings.iceServers')}
        {note('iceServers')}
      </dt>
      <dd dir={account.iceServers.length ? 'ltr' : undefined}>{account.iceServers.length ? account.iceServers.flatMap((s) => s.urls).join(', ') : t('settings.none')}</dd>
    </dl>
  );
}

/** Microphone, speaker and ringer, switchable during a call; DTMF transport as a setting. */
export function PhoneSettings() {
  const { t } = useTranslation();
  const lockedNote = t('settings.lockedByIt');
  const { engine } = desk().phone;
  const devices = usePhone((s) => s.devices);
  const dtmf = usePhone((s) => s.dtmfTransport);
  const audioProfile = usePhone((s) => s.audioProfile);
  const locked = useLockedSettings();
  const devicesLocked = locked.has('phone.devices');
  const dtmfLocked = locked.has('phone.dtmfTransport');
  return (
    <details className="phone-settings">
      <summary>{t('settings.summary')}</summary>
      <PhoneLine accountLocked={locked.has('phone.account')} />
      <DeviceSelect locked={devicesLocked} label={t('settings.microphone')} value={devices.microphone} options={devices.microphones} onChange={(id) => void engine.setDevice('microphone', id)} />
      <DeviceSelect locked={devicesLocked} label={t('settings.speaker')} value={devices.speaker} options={devices.speakers} onChange={(id) => void engine.setDevice('speaker', id)} />
      <DeviceSelect locked={devicesLocked} label={t('settings.ringer')} value={devices.ringer} options={devices.speakers} onChange={(id) => void engine.setDevice('ringer', id)} />
      <label className="field">
        <span>
          {t('settings.keypadTones')}
          {dtmfLocked && <span className="muted"> ({lockedNote})</span>}
        </span>
        <select aria-label={t('settings.keypadTones')} disabled={dtmfLocked} title={dtmfLocked ? lockedNote : undefined} value={dtmf} onChange={(e) => engine.setDtmfTransport(e.target.value === 'info' ? 'info' : 'rfc4733')}>
          <option value="rfc4733">{t('settings.tonesInAudio')}</option>
          <option value="info">{t('settings.tonesSipInfo')}</option>
        </select>
      </label>
      <label className="field">
        <span>{t('settings.callAudio')}</span>
        <select
          aria-label={t('settings.callAudio')}
          value={audioProfile}
          onChange={(e) => engine.setAudioProfile(e.target.value === 'standard' ? 'standard' : e.target.value === 'low-bandwidth' ? 'low-bandwidth' : 'auto')}
        >
          <option value="auto">{t('settings.audioAuto')}</option>
          <option value="standard">{t('settings.audioStandard')}</option>
          <option value="low-bandwidth">{t('settings.audioLow')}</option>
        </select>
      </label>
    </details>
  );
}
