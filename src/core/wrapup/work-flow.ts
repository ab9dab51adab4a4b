import { z } from 'zod';
import {
  AgentError,
  wrapupAllowance,
  PresenceRequest,
  PresenceState,
  type WrapupRule,
  type Campaign,
  type CallbackRequest,
  type DispositionCode,
  type Presence,
  type WrapupClosedHow,
  type WrapupPolicy,
} from '../../contract';
import type { CampaignRepository } from '../campaigns/campaign-repository';
import type { Clock } from '../clock';
import type { EventBus } from '../event-bus';
import type { Logger } from '../log';
import { IDLE_MEMORY, presenceForWork, presenceRequest, type FlowMemory } from '../presence/presence-flow';
import type { PresenceService } from '../presence/presence-service';
import type { Db } from '../store/database';
import type { WrapupRepository } from './wrapup-repository';

const MEMORY_KEY = 'presence.flow';
const StoredMemory = z.object({ preCall: PresenceState.nullable(), next: PresenceRequest.nullable() });

/** No campaign (or none pulled yet): the wrap-up waits for the agent, as it always did. */
const DEFAULT_POLICY: WrapupRule = { mode: 'mandatory' };

/**
 * A timer never sleeps longer than this: the deadline is recomputed from the call's stored end
 * time on every wake-up, so a laptop that slept or a clock that jumped is caught up within it.
 */
const MAX_TIMER_MS = 30_000;

export interface WorkFlowOptions {
  readonly db: Db;
  readonly wrapups: WrapupRepository;
  readonly campaigns: CampaignRepository;
  readonly presence: PresenceService;
  readonly bus: EventBus;
  readonly clock: Clock;
  readonly log: Logger;
  /** A callback was scheduled: the reminders look again. */
  readonly onCallbackScheduled: () => void;
}

/**
 * The agent's work from call to ready: presence follows the calls the phone engine logs
 * (Busy, Wrap-up, back to a ready state), the wrap-up's campaign rule is enforced here rather
 * than in the window (a timed wrap-up ends with the window closed, and on restart if it ran out
 * while the app was down), and a presence the agent asks for mid-work waits for the work.
 */
export class WorkFlow {
  private cancelTimer: (() => void) | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly readMemory;
  private readonly writeMemory;

  constructor(private readonly o: WorkFlowOptions) {
    this.readMemory = o.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
    this.writeMemory = o.db.prepare<[string, string]>(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
  }

  /** Follows call events from now on and puts presence right for what the store holds (a restart after a crash). */
  start(): void {
    this.unsubscribe = this.o.bus.subscribe((name) => {
      if (name === 'calls.updated') this.reconcile();
    });
    this.reconcile();
  }

  close(): void {
    this.unsubscribe?.();
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  private memory(): FlowMemory {
    const row = this.readMemory.get(MEMORY_KEY);
    if (!row) return IDLE_MEMORY;
    const parsed = StoredMemory.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : IDLE_MEMORY;
  }

  private remember(memory: FlowMemory): void {
    this.writeMemory.run(MEMORY_KEY, JSON.stringify(memory));
  }

  /** The call's campaign; for a call that has none, the campaign the agent works. */
  campaignFor(callId: string | undefined): Campaign | null {
    return (callId ? this.o.campaigns.forCall(callId) : null) ?? this.o.campaigns.active();
  }

  codesFor(callId: string | undefined): DispositionCode[] {
    return this.campaignFor(callId)?.dispositions ?? this.o.wrapups.dispositionCodes();
  }

  policyFor(callId: string): WrapupPolicy {
    const call = this.o.wrapups.callOf(callId);
    const campaign = this.campaignFor(callId);
    const policy = campaign?.wrapup ?? DEFAULT_POLICY;
    const endedAt = call.endedAt ? new Date(call.endedAt) : null;
    const status = endedAt
      ? wrapupAllowance(policy, endedAt, this.o.clock.now())
      : // Live: nothing runs yet, and nothing can be skipped yet either.
        { canSkip: false, remainingSeconds: policy.mode === 'timed' ? policy.seconds : null, expiredWith: null };
    return {
      callId,
      campaignId: campaign?.id ?? null,
      campaignName: campaign?.name ?? null,
      policy,
      status,
      endedAt: call.endedAt,
      endsAt: endedAt && policy.mode === 'timed' ? new Date(endedAt.getTime() + policy.seconds * 1000).toISOString() : null,
    };
  }

  /** The agent asked for a presence state (status bar, tray). */
  requestPresence(state: PresenceState, reason: string | undefined): Presence {
    const phase = this.o.wrapups.workPhase();
    const memory = this.memory();
    const open = phase === 'wrap-up' ? this.o.wrapups.openWrapup() : null;
    const policy = open ? this.policyFor(open.call.id).policy : null;
    const decision = presenceRequest({ state, reason: reason ? reason : null }, memory, phase, policy);
    switch (decision.kind) {
      case 'apply':
        return this.o.presence.set(state, reason);
      case 'refuse':
        throw new AgentError('CONFLICT', decision.message, { reason: decision.reason });
      case 'queue': {
        this.remember(decision.memory);
        const now = this.o.presence.get();
        return this.o.presence.set(now.state, now.reason, decision.memory.next);
      }
      case 'skip-wrapup':
        if (!open) throw new AgentError('INTERNAL', 'wrap-up vanished while skipping it');
        this.remember(decision.memory);
        this.skip(open.call.id);
        return this.o.presence.get();
    }
  }

  complete(callId: string, disposition: string, callback: CallbackRequest | undefined) {
    const done = this.o.wrapups.complete(callId, disposition, callback, this.codesFor(callId), this.o.clock.now());
    this.closed(callId, 'submitted', disposition, done.completedAt, done.callbackId !== null);
    return done;
  }

  skip(callId: string) {
    const policy = this.policyFor(callId).policy;
    if (policy.mode !== 'optional') {
      throw new AgentError(
        'CONFLICT',
        policy.mode === 'timed'
          ? "This campaign's wrap-up can't be skipped: submit a disposition, or the wrap-up timer ends it."
          : "Wrap-up required: this campaign's calls need a disposition.",
      );
    }
    const done = this.o.wrapups.skip(callId, this.o.clock.now());
    this.closed(callId, 'skipped', null, done.skippedAt, false);
    return done;
  }

  private closed(callId: string, how: WrapupClosedHow, disposition: string | null, at: string, scheduledCallback: boolean): void {
    this.o.bus.emit('wrapup.closed', { callId, how, disposition, at });
    if (scheduledCallback) this.o.onCallbackScheduled();
    this.reconcile();
  }

  /**
   * Puts presence where the work is, and runs the timed wrap-up's clock. Safe to call any time:
   * it only reads the store and moves presence when it is wrong.
   */
  reconcile(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    const phase = this.o.wrapups.workPhase();
    const before = this.memory();
    const current = this.o.presence.get();
    const decision = presenceForWork(current.state, before, phase);
    if (JSON.stringify(decision.memory) !== JSON.stringify(before)) this.remember(decision.memory);
    // Also when only the plan for afterwards is to be shown (after a restart, presence comes
    // back from its log without it); set() does nothing when nothing changed.
    const target = decision.set ?? current;
    this.o.presence.set(target.state, target.reason, phase === 'idle' ? null : decision.memory.next);
    if (phase === 'wrap-up') this.runTimedWrapup();
  }

  /** A timed wrap-up that ran out ends now (with the window closed, or on restart); one still running wakes us when it should. */
  private runTimedWrapup(): void {
    const open = this.o.wrapups.openWrapup();
    if (!open) return;
    const view = this.policyFor(open.call.id);
    if (view.policy.mode !== 'timed') return;
    if (view.status.expiredWith === null) {
      const ms = Math.min(MAX_TIMER_MS, (view.status.remainingSeconds ?? 0) * 1000);
      this.cancelTimer = this.o.clock.setTimer(() => this.safely(() => this.reconcile()), ms);
      return;
    }
    const policy = view.policy;
    const codes = this.codesFor(open.call.id);
    // The agent's own choice, if they made a complete one before the time ran out; else the
    // campaign's timeout code (accepted even if the campaign forgot to list it).
    const saved = open.wrapup?.disposition ? codes.find((c) => c.code === open.wrapup?.disposition) : undefined;
    const savedCallback = open.wrapup?.callback ?? undefined;
    const useSaved = saved !== undefined && (!saved.needsCallback || (savedCallback !== undefined && open.call.contactId !== null));
    const disposition = useSaved ? saved.code : policy.timeoutDisposition;
    const callback = useSaved && savedCallback && open.call.contactId ? savedCallback : undefined;
    const allowed = codes.some((c) => c.code === policy.timeoutDisposition)
      ? codes
      : [...codes, { code: policy.timeoutDisposition, label: 'Wrap-up timed out', needsCallback: false }];
    const done = this.o.wrapups.complete(open.call.id, disposition, callback, allowed, this.o.clock.now());
    this.o.log.info('timed wrap-up ended', { callId: open.call.id, disposition });
    this.closed(open.call.id, 'timed-out', disposition, done.completedAt, done.callbackId !== null);
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      // A closed store (the core shutting down) or a full disk: the next call event, start-up or
      // API call reconciles again; a timer must never crash the host.
      this.o.log.warn('work flow: reconcile failed', { error: err });
    }
  }
}
