/**
 * How many pushes the server works on at once (SYNC_PUSHES_IN_FLIGHT). A push of an 8-hour
 * backlog is a body of hundreds of KB that Node parses and validates on the event loop; when a
 * power cut ends and hundreds of agents push at once, parsing every body as it arrives queued
 * seconds of that work in front of the pulls and sign-ins sharing the loop (issue 12: an online
 * agent's pull p99 1.9 s in the 200-agent storm). A push past the limit waits before its body is
 * read, costing nothing but its socket; the push pool (SYNC_PUSH_POOL_SIZE) bounds it again at
 * the database.
 */
export const DEFAULT_PUSHES_IN_FLIGHT = 16;

/** At most `limit` holders at once; the rest wait in arrival order. */
export class AdmissionGate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`an admission limit is a whole number ≥ 1, not ${limit}`);
  }

  /** Holders now, and how many wait. */
  get counts(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }

  /** Resolves when admitted, with the function that leaves (calling it twice leaves once). */
  async enter(): Promise<() => void> {
    if (this.active < this.limit) this.active += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const next = this.waiting.shift();
      // The place passes straight to the next in line; active stays the same.
      if (next) next();
      else this.active -= 1;
    };
  }
}
