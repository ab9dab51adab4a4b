import type { CallOutcome, Handlers, kpis } from '../../contract';
import type { Clock } from '../clock';
import type { Db } from '../store/database';
import { startOfLocalDay, summarizeKpis, type KpiCall } from './kpi-summary';

interface Row {
  direction: 'inbound' | 'outbound';
  answered_at: string | null;
  ended_at: string | null;
  completed_at: string | null;
  disposition: string | null;
  end_cause: string | null;
  outcome: CallOutcome | null;
}

/** The agent's figures from the calls this workstation logged (not those pulled from other devices). */
export function kpiHandlers(db: Db, clock: Pick<Clock, 'now'>): Handlers<typeof kpis> {
  const calls = db.prepare<[string], Row>(
    `SELECT k.direction, k.answered_at, k.ended_at, k.end_cause, k.outcome, w.completed_at, w.disposition
     FROM calls k LEFT JOIN wrapups w ON w.call_id = k.id AND w.completed_at IS NOT NULL
     WHERE k.logged_here = 1 AND k.started_at >= ?`,
  );
  return {
    summary: ({ since }) => {
      const from = since ? new Date(since).toISOString() : startOfLocalDay(clock.now()).toISOString();
      const rows: KpiCall[] = calls.all(from).map((r) => ({
        direction: r.direction,
        answeredAt: r.answered_at,
        endedAt: r.ended_at,
        wrapupCompletedAt: r.completed_at,
        disposition: r.disposition,
        endCause: r.end_cause,
        outcome: r.outcome,
      }));
      return summarizeKpis(from, rows);
    },
  };
}
