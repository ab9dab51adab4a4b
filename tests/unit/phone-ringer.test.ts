/**
 * Issue 11 fault 8: the incoming-call desktop notification closes whenever its call stops
 * ringing — answered, declined, cancelled by the caller, answered elsewhere or failed all reach
 * `Ringer.stoppedRinging` (call-control.ts's answer and finish). The browser's Notification and
 * a hidden window are stand-ins here (named FakeNotification), since a headless page can't be
 * hidden or show a desktop notification on demand.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ringer } from '../../renderer/src/phone/devices/ringer';
import { createPhoneStore, type CallView } from '../../renderer/src/phone/phone-store';
import type { AudioDevices } from '../../renderer/src/phone/devices/audio-devices';

class FakeNotification {
  static permission = 'granted';
  static shown: FakeNotification[] = [];
  closed = false;
  onclick: (() => void) | null = null;
  constructor(
    readonly title: string,
    readonly options: { body?: string; tag?: string },
  ) {
    FakeNotification.shown.push(this);
  }
  close(): void {
    this.closed = true;
  }
}

const ringingCall = (id: string, remoteNumber: string) => ({ id, phase: 'incoming', remoteNumber, remoteName: null }) as unknown as CallView;

describe('incoming-call notification', () => {
  const saved = { document: globalThis.document, Notification: globalThis.Notification };
  beforeEach(() => {
    FakeNotification.shown = [];
    Object.assign(globalThis, { document: { hidden: true }, Notification: FakeNotification });
  });
  afterEach(() => {
    Object.assign(globalThis, saved);
  });

  it('closes when its call stops ringing, and leaves another ringing call’s open', () => {
    const store = createPhoneStore();
    store.setState({ calls: [ringingCall('a', '+923001234567'), ringingCall('b', '+447700900123')] });
    const ringer = new Ringer(store, () => ({}) as AudioDevices);
    ringer.notifyIncoming('a');
    ringer.notifyIncoming('b');
    expect(FakeNotification.shown.map((n) => [n.options.body, n.closed])).toEqual([
      ['+923001234567', false],
      ['+447700900123', false],
    ]);

    // The caller of 'a' gave up (CANCEL → finish) while 'b' still rings.
    store.setState({ calls: [ringingCall('b', '+447700900123')] });
    ringer.stoppedRinging('a');
    expect(FakeNotification.shown.map((n) => n.closed)).toEqual([true, false]);

    // 'b' is answered: its notification goes too; a second stop changes nothing.
    ringer.stoppedRinging('b');
    ringer.stoppedRinging('b');
    expect(FakeNotification.shown.map((n) => n.closed)).toEqual([true, true]);
  });

  it('shows nothing while the window is in view', () => {
    Object.assign(globalThis, { document: { hidden: false } });
    const store = createPhoneStore();
    store.setState({ calls: [ringingCall('a', '+923001234567')] });
    new Ringer(store, () => ({}) as AudioDevices).notifyIncoming('a');
    expect(FakeNotification.shown).toEqual([]);
  });
});
