import { randomUUID } from 'node:crypto';
import type { WrapupRule, ContactFields, DispositionCode, PresenceState } from '../../../src/contract';
import { createCore } from '../../../src/core/core';
import { inspectDemoStore } from '../../support/store';
import { demoCoreOptions } from '../../support/test-core';
import { newDataDir } from './browser-host';

export interface OnACallOptions {
  /** The caller's number as the phone engine reports it. */
  readonly remoteNumber?: string;
  /**
   * Puts the call on a campaign of its own that uses this call script, so the test does not
   * depend on which campaigns the demo server happens to configure.
   */
  readonly campaign?: {
    readonly id: string;
    readonly scriptId: string | null;
    /** Default: optional. */
    readonly wrapup?: WrapupRule;
    /** Default: one code, "resolved". */
    readonly dispositions?: readonly DispositionCode[];
  };
  /** A contact saved before the call, with the caller's number, so the call is linked to it. */
  readonly contact?: Partial<ContactFields>;
  /** The agent's presence before the call rang (the profile starts Offline). */
  readonly presenceBefore?: PresenceState;
  /** The call has ended too: the agent is in wrap-up. */
  readonly ended?: boolean;
  /** Callbacks already scheduled for the contact, as a pull from the server would have left them. */
  readonly callbacks?: ReadonlyArray<{ readonly dueAt: string; readonly note: string }>;
}

/**
 * Without a campaign of its own a call would follow whichever campaign the demo server's first
 * pull happens to make the agent's: tests that don't pick one get this, which behaves like the
 * built-in codes (mandatory wrap-up).
 */
const DESK_CAMPAIGN = {
  id: 'e2e-desk',
  scriptId: null,
  wrapup: { mode: 'mandatory' },
  dispositions: [
    { code: 'resolved', label: 'Resolved', needsCallback: false },
    { code: 'callback', label: 'Callback requested', needsCallback: true },
  ],
} as const;

/**
 * A demo profile whose agent is on an answered call, as the phone engine would have logged it
 * (there is no SIP server in the app project): the core logs the call events before the
 * browser host starts on the same folder.
 */
export async function profileOnACall(options: OnACallOptions = {}): Promise<{ dataDir: string; callId: string }> {
  const dataDir = newDataDir();
  const core = await createCore(demoCoreOptions(dataDir));
  const callId = randomUUID();
  const remoteNumber = options.remoteNumber ?? '03001234567';
  const ctx = { transport: 'in-process' } as const;
  const call = (event: 'answered' | 'ended') =>
    core.dispatch('calls.logEvent', { callId, direction: 'inbound', localNumber: '1001', remoteNumber, event, at: new Date().toISOString() }, ctx);
  const steps = async (): Promise<string | null> => {
    if (options.presenceBefore) {
      const p = await core.dispatch('presence.set', { state: options.presenceBefore }, ctx);
      if (!p.ok) throw new Error(p.error.message);
    }
    let contactId: string | null = null;
    if (options.contact) {
      const c = await core.dispatch('contacts.create', { fields: options.contact }, ctx);
      if (!c.ok) throw new Error(c.error.message);
      contactId = (c.value as { id: string }).id;
    }
    const answered = await call('answered');
    if (!answered.ok) throw new Error(answered.error.message);
    return contactId;
  };
  let contactId: string | null;
  try {
    contactId = await steps();
  } finally {
    core.close();
  }
  const campaign = options.campaign
    ? { wrapup: { mode: 'optional' } as const, dispositions: [{ code: 'resolved', label: 'Resolved', needsCallback: false }], ...options.campaign }
    : DESK_CAMPAIGN;
  const disk = await inspectDemoStore(dataDir);
  try {
    disk
      .prepare(
        `INSERT INTO campaigns (id, name, script_id, wrapup, dispositions, position, updated_at)
         VALUES (?, 'End-to-end campaign', ?, ?, ?, 99, ?)`,
      )
      .run(campaign.id, campaign.scriptId, JSON.stringify(campaign.wrapup), JSON.stringify(campaign.dispositions), new Date().toISOString());
    disk.prepare('UPDATE calls SET campaign_id = ? WHERE id = ?').run(campaign.id, callId);
    for (const cb of options.callbacks ?? []) {
      if (!contactId) throw new Error('callbacks need a contact');
      disk
        .prepare("INSERT INTO callbacks (id, contact_id, call_id, due_at, note, status, created_at) VALUES (?, ?, NULL, ?, ?, 'scheduled', ?)")
        .run(randomUUID(), contactId, new Date(cb.dueAt).toISOString(), cb.note, new Date().toISOString());
    }
  } finally {
    disk.close();
  }
  if (options.ended) {
    // Ended once the call has its campaign, as the phone engine would report it: the wrap-up
    // then follows that campaign's rule from the start.
    const again = await createCore(demoCoreOptions(dataDir));
    try {
      const ended = await again.dispatch(
        'calls.logEvent',
        { callId, direction: 'inbound', localNumber: '1001', remoteNumber, event: 'ended', at: new Date().toISOString() },
        ctx,
      );
      if (!ended.ok) throw new Error(ended.error.message);
    } finally {
      again.close();
    }
  }
  return { dataDir, callId };
}
