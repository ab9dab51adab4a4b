import { REFUSED_NOT_READY, type CallOutcome, type Kpis } from '../../contract';

/** One call as the figures need it. */
export interface KpiCall {
  readonly direction: 'inbound' | 'outbound';
  readonly answeredAt: string | null;
  readonly endedAt: string | null;
  /** When its wrap-up was submitted, and with which code, if it was. */
  readonly wrapupCompletedAt: string | null;
  readonly disposition: string | null;
  readonly endCause: string | null;
  /** How it went (CallRecord.outcome); null while live and for calls logged before outcomes. */
  readonly outcome: CallOutcome | null;
}

/**
 * Answered: its outcome says so — an answered call that then failed stays answered. A call logged
 * before outcomes were recorded is read from its answer time. The team KPIs apply the same rule in
 * SQL (src/server/console/kpis.ts).
 */
const isAnswered = (c: KpiCall) => (c.outcome !== null ? c.outcome === 'answered' : c.answeredAt !== null);

/**
 * Missed: an inbound call that rang out or whose caller gave up while it rang, for an agent who
 * could have answered. Declined (also refused while Not Ready) and failed calls are not missed.
 */
const isMissed = (c: KpiCall) =>
  c.direction === 'inbound' &&
  c.endedAt !== null &&
  (c.outcome !== null ? c.outcome === 'missed' || c.outcome === 'abandoned' : c.answeredAt === null && c.endCause !== REFUSED_NOT_READY);

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
    if (isAnswered(c)) answered++;
    if (isMissed(c)) missed++;
    if (isAnswered(c) && c.answeredAt && c.endedAt) talk.push(seconds(c.answeredAt, c.endedAt));
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
