/**
 * Alerting the agent to an incoming call: the ringtone on the chosen ringer device, and a
 * desktop notification when the window is hidden.
 */
import { liveCalls, type PhoneStore } from '../phone-store';
import type { AudioDevices } from './audio-devices';
import { ringtoneWavUrl } from './ringtone';
import { t } from '../../i18n/i18n';

export class Ringer {
  private audio: HTMLAudioElement | null = null;
  /** The desktop notification of each ringing call, by call id, to close when it stops ringing. */
  private readonly notifications = new Map<string, Notification>();

  constructor(
    private readonly store: PhoneStore,
    private readonly devices: () => AudioDevices,
  ) {}

  /** The ringtone's element, once a call has rung (for switching the ringer device). */
  get element(): HTMLAudioElement | null {
    return this.audio;
  }

  start(): void {
    if (!this.audio) {
      this.audio = new Audio(ringtoneWavUrl());
      this.audio.loop = true;
    }
    void this.devices().applySink(this.audio, this.store.getState().devices.ringer);
    // Autoplay may be refused before the agent touched the page; the visual ring still shows.
    this.audio.play().catch(() => undefined);
  }

  /**
   * Call `id` stopped ringing, whichever way (answered here or elsewhere, declined, cancelled by
   * the caller, failed): its notification closes, and the ringtone stops unless another call
   * still rings. A notification left open offers a call that is gone (issue 11, fault 8).
   */
  stoppedRinging(id: string): void {
    this.notifications.get(id)?.close();
    this.notifications.delete(id);
    const ringing = liveCalls(this.store.getState()).some((c) => c.id !== id && c.phase === 'incoming');
    if (!ringing && this.audio) {
      this.audio.pause();
      this.audio.currentTime = 0;
    }
  }

  /** Asked on the agent's first dial: a click is the moment a browser lets a page ask. */
  requestNotificationPermission(): void {
    if (typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission();
  }

  notifyIncoming(id: string): void {
    if (!document.hidden || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    const call = this.store.getState().calls.find((c) => c.id === id);
    if (!call) return;
    const notification = new Notification(t('call.incoming'), { body: call.remoteName ?? call.remoteNumber, tag: id, requireInteraction: true });
    this.notifications.set(id, notification);
    notification.onclick = () => {
      window.focus();
      notification.close();
    };
  }
}
