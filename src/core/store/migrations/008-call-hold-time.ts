import type { Migration } from './index';

/**
 * Hold time per call, for AHT (talk + hold + after-call work).
 *
 * calls.hold_ms     milliseconds the agent held the customer, summed over every hold → resume;
 *                   the call record shows it as whole seconds (CallRecord.holdSeconds).
 * calls.held_since  when the hold in progress began (ISO, UTC); null while not held. A resume or
 *                   the end of the call adds the interval to hold_ms and clears it.
 */
export const m008CallHoldTime: Migration = {
  version: 8,
  name: 'hold time per call',
  sql: `
    ALTER TABLE calls ADD COLUMN hold_ms INTEGER NOT NULL DEFAULT 0 CHECK (hold_ms >= 0);
    ALTER TABLE calls ADD COLUMN held_since TEXT;
  `,
};
