import { REFUSED_NOT_READY, type Kpis } from '../../contract';

/** One call as the figures need it. */
export interface KpiCall {
  readonly direction: 'inbound' | 'outbound';
  readonly answeredAt: string | null;
  readonly endedAt: string | null;
  /** When its wrap-up was submitted, and with which code, if it was. */
  readonly wrapupCompletedAt: string | null;
  readonly disposition: string | null;
  readonly endCause: string | null;
}

const seconds = (from: string, to: string) => Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000);
const mean = (xs: readonly number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : null);

/** Pure: the agent's figures from the period's calls. A call still live counts, but not in the averages. */
export function summarizeKpis(since: string, calls: readonly KpiCall[]): Kpis {
  const talk: number[] = [];
  const wrap: number[] = [];
  const dispositions: Record<string, number> = {};
  let inbound = 0;
  let answered = 0;
  let missed = 0;
  for (const c of calls) {
    if (c.direction === 'inbound') inbound++;
    if (c.answeredAt) answered++;
    // Missed: it rang for an agent who could have answered. One refused while Not Ready never did.
    if (c.direction === 'inbound' && !c.answeredAt && c.endedAt && c.endCause !== REFUSED_NOT_READY) missed++;
    if (c.answeredAt && c.endedAt) talk.push(seconds(c.answeredAt, c.endedAt));
    if (c.endedAt && c.wrapupCompletedAt) wrap.push(seconds(c.endedAt, c.wrapupCompletedAt));
    if (c.disposition) dispositions[c.disposition] = (dispositions[c.disposition] ?? 0) + 1;
  }
  return {
    since,
    inbound,
    outbound: calls.length - inbound,
    answered,
    missed,
    averageTalkSeconds: mean(talk),
    averageWrapupSeconds: mean(wrap),
    dispositions,
  };
}

/** Midnight of `now`'s day where the workstation is: an agent's "today". */
export function startOfLocalDay(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}
