/**
 * Audio devices: the microphone, speaker and ringer lists, and switching them, for calls in
 * progress too (the speaker at once, the microphone by replacing the sent track).
 */
import type { CallTable } from '../calls/call-table';
import type { PhoneStore } from '../phone-store';

export type AudioDeviceKind = 'microphone' | 'speaker' | 'ringer';

export class AudioDevices {
  constructor(
    private readonly store: PhoneStore,
    private readonly calls: CallTable,
    /** The ringer's audio element, once it exists. */
    private readonly ringerElement: () => HTMLAudioElement | null,
  ) {}

  /** getUserMedia constraints for the chosen microphone. */
  mediaConstraints(): MediaStreamConstraints {
    const mic = this.store.getState().devices.microphone;
    return { audio: mic && mic !== 'default' ? { deviceId: { exact: mic } } : true, video: false };
  }

  /** Device labels and ids are only readable once the microphone permission was used: called again then. */
  async refresh(): Promise<void> {
    if (!navigator.mediaDevices?.enumerateDevices) return;
    const list = await navigator.mediaDevices.enumerateDevices();
    const option = (d: MediaDeviceInfo, i: number) => ({
      deviceId: d.deviceId,
      label: d.label || `${d.kind === 'audioinput' ? 'Microphone' : 'Speaker'} ${i + 1}`,
    });
    this.store.setState((s) => ({
      devices: {
        ...s.devices,
        microphones: list.filter((d) => d.kind === 'audioinput').map(option),
        speakers: list.filter((d) => d.kind === 'audiooutput').map(option),
      },
    }));
  }

  /** Plays an element to a device ('default' = the system's); a refused device leaves it where it was. */
  async applySink(element: HTMLAudioElement, deviceId: string): Promise<void> {
    const withSink = element as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
    if (!withSink.setSinkId || !deviceId) return;
    await withSink.setSinkId(deviceId === 'default' ? '' : deviceId).catch(() => undefined);
  }

  async setDevice(kind: AudioDeviceKind, deviceId: string): Promise<void> {
    this.store.setState((s) => ({ devices: { ...s.devices, [kind]: deviceId } }));
    if (kind === 'speaker') for (const call of this.calls.values()) await this.applySink(call.audio, deviceId);
    const ringer = this.ringerElement();
    if (kind === 'ringer' && ringer) await this.applySink(ringer, deviceId);
    if (kind === 'microphone') {
      for (const call of this.calls.values()) {
        const sender = call.session.connection?.getSenders().find((s) => s.track?.kind === 'audio');
        if (!sender) continue;
        const stream = await navigator.mediaDevices.getUserMedia(this.mediaConstraints());
        const track = stream.getAudioTracks()[0];
        if (!track) continue;
        const old = sender.track;
        track.enabled = old?.enabled ?? true;
        await sender.replaceTrack(track);
        old?.stop();
      }
    }
  }
}
