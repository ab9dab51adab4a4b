/**
 * The call-log writer: every step of a call goes to the local store through the agent API, in
 * order, and is retried while the core is unreachable (a host restart), so the log survives.
 */
import type { AgentApi, CallOutcome, CallRecord, LogCallEventInput } from '../../../../src/contract';
import type { CallView, PhoneStore } from '../phone-store';

/** Tries per event while the core's transport is closed, one second apart (a host restart takes a few). */
const TRANSPORT_RETRIES = 30;
const RETRY_DELAY_MS = 1000;

export class CallLogWriter {
  /** Per call, the write queued last: the next one waits for it. */
  private readonly chains = new Map<string, Promise<CallRecord | null>>();

  constructor(
    private readonly agent: AgentApi,
    private readonly store: PhoneStore,
  ) {}

  /**
   * Queues one step of the call. Resolves with the call record as the store now holds it (with
   * the contact the core matched to the number), or null when the core refused or stayed away.
   */
  log(call: CallView, event: LogCallEventInput['event'], endCause?: string, outcome?: CallOutcome): Promise<CallRecord | null> {
    const input: LogCallEventInput = {
      callId: call.id,
      direction: call.direction,
      localNumber: call.localNumber,
      remoteNumber: call.remoteNumber,
      event,
      at: new Date().toISOString(),
      ...(endCause ? { endCause } : {}),
      ...(outcome ? { outcome } : {}),
    };
    const previous = this.chains.get(call.id) ?? Promise.resolve(null);
    const next = previous.then(() => this.write(input));
    this.chains.set(call.id, next);
    return next;
  }

  /** Resolves once every step queued for the call is written (or given up), and forgets the call. */
  async settled(id: string): Promise<void> {
    const chain = this.chains.get(id);
    if (!chain) return;
    await chain;
    if (this.chains.get(id) === chain) this.chains.delete(id);
  }

  async refreshHistory(): Promise<void> {
    const r = await this.agent.calls.history({ limit: 50 });
    if (r.ok) this.store.setState({ history: r.value });
  }

  private async write(input: LogCallEventInput): Promise<CallRecord | null> {
    for (let attempt = 0; attempt < TRANSPORT_RETRIES; attempt++) {
      const r = await this.agent.calls.logEvent(input);
      if (r.ok) return r.value;
      if (r.error.code !== 'TRANSPORT_CLOSED') {
        console.warn(`[phone] call log refused: ${r.error.code} ${r.error.message}`);
        return null;
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
    }
    return null;
  }
}
