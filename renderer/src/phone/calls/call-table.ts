/**
 * The calls in progress: for each, its JsSIP session and audio element (which the store cannot
 * hold), and the one way the engine changes a call's view in the store.
 */
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { CallView, PhoneStore } from '../phone-store';

export interface LiveCall {
  readonly session: RTCSession;
  /** Plays the far end's audio, to the chosen speaker. */
  readonly audio: HTMLAudioElement;
  /** RFC 4733 digits the RTP sender really played, for diagnostics. */
  readonly dtmfTones: string[];
}

export class CallTable {
  private readonly live = new Map<string, LiveCall>();

  constructor(
    private readonly store: PhoneStore,
    /** Called after every change of a call's view (the status report to the core). */
    private readonly onChange: () => void,
  ) {}

  add(id: string, call: LiveCall): void {
    this.live.set(id, call);
  }

  get(id: string): LiveCall | undefined {
    return this.live.get(id);
  }

  delete(id: string): void {
    this.live.delete(id);
  }

  entries(): IterableIterator<[string, LiveCall]> {
    return this.live.entries();
  }

  values(): IterableIterator<LiveCall> {
    return this.live.values();
  }

  /** The call as the UI shows it; kept in the store after it ended, until the next call. */
  view(id: string): CallView | undefined {
    return this.store.getState().calls.find((c) => c.id === id);
  }

  patch(id: string, change: (call: CallView) => Partial<CallView>): void {
    this.store.setState((s) => ({ calls: s.calls.map((c) => (c.id === id ? { ...c, ...change(c) } : c)) }));
    this.onChange();
  }

  /** Shows the agent what went wrong with an action; false so a refused action can `return this.notice(…)`. */
  notice(text: string): false {
    this.store.setState({ notice: text });
    return false;
  }
}
