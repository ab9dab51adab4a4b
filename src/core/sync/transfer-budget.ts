import type { PullCursor } from '../../contract';

/**
 * How much one sync attempt may move: the rule that keeps a live call's audio first on a thin
 * home line (issue 14 item 5: "the sync's bulk transfers deferred while a call is live"). Pure;
 * the engine (engine.ts) asks it at the start of each attempt and carries it out.
 *
 * While a call is live an attempt sends at most one small push (what an agent writes during a
 * call — a note, a disposition, a call step — is a few hundred bytes) and pulls at most one
 * small page (a poke about another agent's edit of the caller's contact still arrives); a first
 * sync, a long backlog of pulled pages and a big push wait until the call ends. Opus at the
 * low-bandwidth profile's 16 kbit/s is ~2 KB/s: one 16 KiB request is a few seconds of audio's
 * worth of the uplink, not a minute of it.
 */
export interface TransferBudget {
  /** Pushes this attempt: mutations and payload bytes per request, and requests in all. */
  readonly push: {
    readonly maxCount: number;
    readonly maxBytes: number;
    /** Requests this attempt; null = until the outbox is empty. */
    readonly maxRequests: number | null;
    /** A single mutation larger than maxBytes waits (true), or goes alone (false). */
    readonly strictBytes: boolean;
  };
  /** Pulls this attempt: changes per page and pages in all (null = to the end); null = no pull. */
  readonly pull: { readonly pageSize: number; readonly maxPages: number | null } | null;
}

/** The engine's sizes when nothing holds it back (its options, else these). */
export interface TransferSizes {
  readonly pushBatchSize: number;
  readonly pushBatchBytes: number;
  readonly pullPageSize: number;
}

/** What may move during a live call: one request of ≤ 50 mutations / 16 KiB, one page of ≤ 50 changes. */
export const DURING_CALL = { pushCount: 50, pushBytes: 16 * 1024, pullPageSize: 50 } as const;

export interface TransferFacts {
  /** The agent is on a call (answered or dialled, not ended, not wrapped up). */
  readonly callLive: boolean;
  /** The store's pull cursor: 0 means nothing was ever pulled (the first sync). */
  readonly cursor: PullCursor;
}

export function transferBudget(facts: TransferFacts, sizes: TransferSizes): TransferBudget {
  if (!facts.callLive) {
    return {
      push: { maxCount: sizes.pushBatchSize, maxBytes: sizes.pushBatchBytes, maxRequests: null, strictBytes: false },
      pull: { pageSize: sizes.pullPageSize, maxPages: null },
    };
  }
  const firstSync = facts.cursor === 0;
  return {
    push: { maxCount: Math.min(DURING_CALL.pushCount, sizes.pushBatchSize), maxBytes: Math.min(DURING_CALL.pushBytes, sizes.pushBatchBytes), maxRequests: 1, strictBytes: true },
    pull: firstSync ? null : { pageSize: Math.min(DURING_CALL.pullPageSize, sizes.pullPageSize), maxPages: 1 },
  };
}
