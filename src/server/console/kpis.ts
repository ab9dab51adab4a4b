import { z } from 'zod';
import { AgentError, type ConsoleAccount, type KpiRow, type MutationKind, type TeamKpis } from '../../contract';
import type { Sql } from '../db';
import { teamsOf } from './teams';

/**
 * Team KPIs, computed in PostgreSQL from the synced calls, dispositions, callbacks and presence
 * history, per agent and for the team (ROLLUP), over whole days in the team's time zone.
 * The definitions the console shows beside each figure are KPI_DEFINITIONS (contract).
 *
 * A call is counted by its outcome (server migration 015, the phone's call-outcome.ts): an answered
 * call that then failed is answered and handled, never missed; a call that failed before it
 * connected is failed, never handled. Calls from workstations older than outcomes (outcome null)
 * are read as before: answered when answered_at is set, an unanswered inbound call missed.
 */

/** NOTIFY channel: an agent's pushed work changed what their teams' KPIs count (payload: the agent's id). */
export const KPIS_CHANNEL = 'team_kpis';

/** Mutation kinds the KPIs count: calls, wrap-ups, presence history, callbacks. */
export const KPI_KINDS: ReadonlySet<MutationKind> = new Set(['call.upsert', 'disposition.set', 'presence.set', 'callback.status', 'callback.schedule']);

/** After a push's commit: every instance's BoardHub tells its consoles (throttled per team) to read KPIs again. */
export async function announceKpis(db: Sql, agentId: string): Promise<void> {
  await db.query('SELECT pg_notify($1, $2)', kpisNotification(agentId));
}

/** The NOTIFY announceKpis() sends, as [channel, payload] (a push sends it with its poke: change-log.ts notifyAll). */
export const kpisNotification = (agentId: string): readonly [string, string] => [KPIS_CHANNEL, agentId];

/** A callback kept within this of its due time is on time (the field's usual grace). */
export const CALLBACK_GRACE_MINUTES = 15;
/** A resolved call whose customer calls again within this many days was not resolved at first contact. */
export const FCR_REPEAT_DAYS = 7;
/** After-call work longer than this is a wrap-up left open, not work: capped. */
export const ACW_CAP_SECONDS = 3600;

const Row = z.object({
  agent_id: z.string().nullable(),
  display_name: z.string(),
  calls_in: z.coerce.number(),
  calls_out: z.coerce.number(),
  answered: z.coerce.number(),
  missed: z.coerce.number(),
  declined: z.coerce.number(),
  failed: z.coerce.number(),
  handled: z.coerce.number(),
  talk_s: z.coerce.number(),
  hold_s: z.coerce.number(),
  acw_s: z.coerce.number(),
  acw_n: z.coerce.number(),
  disposed: z.coerce.number(),
  resolved_first: z.coerce.number(),
  callbacks_on_time: z.coerce.number(),
  callbacks_late: z.coerce.number(),
  states: z.record(z.string(), z.coerce.number()).nullable(),
  dispositions: z.record(z.string(), z.coerce.number()).nullable(),
});

const ratio = (n: number, d: number) => (d > 0 ? n / d : null);

/**
 * The team's KPIs from `from` to `to` (inclusive dates, YYYY-MM-DD, in the team's time zone).
 * FORBIDDEN when the team is not the account's; INVALID_INPUT for a range over 92 days.
 */
export async function teamKpis(db: Sql, account: ConsoleAccount, teamId: string, from: string, to: string): Promise<TeamKpis> {
  const team = (await teamsOf(db, account)).find((t) => t.id === teamId);
  if (!team) throw new AgentError('FORBIDDEN', 'That team is not one of yours.');
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (!(days >= 0 && days <= 92)) throw new AgentError('INVALID_INPUT', 'Pick a range of up to 92 days, the first day first.');
  const { rows } = await db.query(
    `WITH bounds AS (SELECT ($2::date)::timestamp AT TIME ZONE $4 AS t0, ($3::date + 1)::timestamp AT TIME ZONE $4 AS t1),
     members AS (SELECT a.id, a.display_name FROM team_agents ta JOIN agents a ON a.id = ta.agent_id WHERE ta.team_id = $1),
     c AS (
       SELECT c.*, d.code, d.created_at AS disposed_at,
              coalesce(c.outcome = 'answered', c.answered_at IS NOT NULL) AS is_answered,
              (coalesce(c.outcome = 'answered', c.answered_at IS NOT NULL) AND c.ended_at IS NOT NULL) AS is_handled,
              EXISTS (SELECT 1 FROM campaigns k, jsonb_array_elements(k.dispositions) x
                      WHERE k.id = c.campaign_id AND x->>'code' = d.code AND (x->>'resolves')::boolean IS TRUE) AS resolves
       FROM calls c JOIN members m ON m.id = c.agent_id LEFT JOIN dispositions d ON d.call_id = c.id, bounds b
       WHERE c.started_at >= b.t0 AND c.started_at < b.t1),
     call_agg AS (
       SELECT agent_id,
         count(*) FILTER (WHERE direction = 'inbound') AS calls_in,
         count(*) FILTER (WHERE direction = 'outbound') AS calls_out,
         count(*) FILTER (WHERE is_answered) AS answered,
         count(*) FILTER (WHERE direction = 'inbound' AND ended_at IS NOT NULL
                            AND coalesce(outcome IN ('missed', 'abandoned'), answered_at IS NULL)) AS missed,
         count(*) FILTER (WHERE outcome = 'declined') AS declined,
         count(*) FILTER (WHERE outcome = 'failed') AS failed,
         count(*) FILTER (WHERE is_handled) AS handled,
         coalesce(sum(greatest(0, extract(epoch FROM ended_at - answered_at) - coalesce(hold_seconds, 0))) FILTER (WHERE is_handled), 0) AS talk_s,
         coalesce(sum(coalesce(hold_seconds, 0)) FILTER (WHERE is_handled), 0) AS hold_s,
         coalesce(sum(least($5, greatest(0, extract(epoch FROM disposed_at - ended_at)))) FILTER (WHERE is_handled AND disposed_at IS NOT NULL), 0) AS acw_s,
         count(*) FILTER (WHERE is_handled AND disposed_at IS NOT NULL) AS acw_n,
         count(*) FILTER (WHERE is_answered AND code IS NOT NULL) AS disposed,
         count(*) FILTER (WHERE is_answered AND resolves AND NOT EXISTS (
           SELECT 1 FROM calls r WHERE r.remote_number = c.remote_number AND r.id <> c.id
             AND r.started_at > c.started_at AND r.started_at <= c.started_at + make_interval(days => $6))) AS resolved_first
       FROM c GROUP BY ROLLUP (agent_id)),
     cb_agg AS (
       SELECT k.agent_id,
         count(*) FILTER (WHERE k.status = 'done' AND k.status_at <= k.due_at + make_interval(mins => $7)) AS on_time,
         count(*) FILTER (WHERE (k.status = 'done' AND k.status_at > k.due_at + make_interval(mins => $7))
                            OR (k.status = 'scheduled' AND now() > k.due_at + make_interval(mins => $7))) AS late
       FROM callbacks k JOIN members m ON m.id = k.agent_id, bounds b
       WHERE k.due_at >= b.t0 AND k.due_at < b.t1 GROUP BY ROLLUP (k.agent_id)),
     spans AS (
       SELECT h.agent_id, h.state, greatest(h.since, b.t0) AS s0,
              least(coalesce(lead(h.since) OVER (PARTITION BY h.agent_id ORDER BY h.since, h.id), now()), b.t1) AS s1
       FROM presence_history h JOIN members m ON m.id = h.agent_id, bounds b
       WHERE h.since < b.t1),
     state_secs AS (
       SELECT agent_id, state, sum(extract(epoch FROM s1 - s0)) AS secs FROM spans WHERE s1 > s0
       GROUP BY GROUPING SETS ((agent_id, state), (state))),
     state_agg AS (SELECT agent_id, jsonb_object_agg(state, round(secs)) AS states FROM state_secs GROUP BY agent_id),
     disp_counts AS (SELECT agent_id, code, count(*) AS n FROM c WHERE code IS NOT NULL GROUP BY GROUPING SETS ((agent_id, code), (code))),
     disp_agg AS (SELECT agent_id, jsonb_object_agg(code, n) AS dispositions FROM disp_counts GROUP BY agent_id),
     people AS (SELECT id, display_name FROM members UNION ALL SELECT NULL, 'Team')
     SELECT p.id::text AS agent_id, p.display_name,
       coalesce(ca.calls_in, 0) AS calls_in, coalesce(ca.calls_out, 0) AS calls_out, coalesce(ca.answered, 0) AS answered,
       coalesce(ca.missed, 0) AS missed, coalesce(ca.declined, 0) AS declined, coalesce(ca.failed, 0) AS failed, coalesce(ca.handled, 0) AS handled, coalesce(ca.talk_s, 0) AS talk_s,
       coalesce(ca.hold_s, 0) AS hold_s, coalesce(ca.acw_s, 0) AS acw_s, coalesce(ca.acw_n, 0) AS acw_n,
       coalesce(ca.disposed, 0) AS disposed, coalesce(ca.resolved_first, 0) AS resolved_first,
       coalesce(cb.on_time, 0) AS callbacks_on_time, coalesce(cb.late, 0) AS callbacks_late,
       sa.states, da.dispositions
     FROM people p
     LEFT JOIN call_agg ca ON ca.agent_id IS NOT DISTINCT FROM p.id
     LEFT JOIN cb_agg cb ON cb.agent_id IS NOT DISTINCT FROM p.id
     LEFT JOIN state_agg sa ON sa.agent_id IS NOT DISTINCT FROM p.id
     LEFT JOIN disp_agg da ON da.agent_id IS NOT DISTINCT FROM p.id
     ORDER BY p.id IS NULL, p.display_name`,
    [teamId, from, to, team.timeZone, ACW_CAP_SECONDS, FCR_REPEAT_DAYS, CALLBACK_GRACE_MINUTES],
  );
  const kpis = rows.map((r): KpiRow => {
    const x = Row.parse(r);
    const handling = x.talk_s + x.hold_s + x.acw_s;
    const available = x.states?.Available ?? 0;
    return {
      agentId: x.agent_id,
      name: x.display_name,
      callsIn: x.calls_in,
      callsOut: x.calls_out,
      answered: x.answered,
      missed: x.missed,
      declined: x.declined,
      failed: x.failed,
      ahtSeconds: x.handled > 0 ? Math.round(handling / x.handled) : null,
      avgAcwSeconds: x.acw_n > 0 ? Math.round(x.acw_s / x.acw_n) : null,
      occupancy: ratio(handling, handling + available),
      fcr: ratio(x.resolved_first, x.disposed),
      callbacksOnTime: x.callbacks_on_time,
      callbacksLate: x.callbacks_late,
      secondsByState: x.states ?? {},
      dispositions: x.dispositions ?? {},
    };
  });
  return { team, from, to, agents: kpis.filter((k) => k.agentId !== null), total: kpis.find((k) => k.agentId === null) ?? emptyRow() };
}

const emptyRow = (): KpiRow => ({
  agentId: null, name: 'Team', callsIn: 0, callsOut: 0, answered: 0, missed: 0, declined: 0, failed: 0, ahtSeconds: null, avgAcwSeconds: null,
  occupancy: null, fcr: null, callbacksOnTime: 0, callbacksLate: 0, secondsByState: {}, dispositions: {},
});

/** CSV (RFC 4180): one line per agent and the team's, figures as the page shows them, with the range in both time zones. */
export function kpisCsv(k: TeamKpis): string {
  const cell = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replace(/^([=+\-@])/, "'$1").replace(/"/g, '""')}"` : s;
  };
  const states = [...new Set([...k.agents, k.total].flatMap((a) => Object.keys(a.secondsByState)))].sort();
  const codes = [...new Set([...k.agents, k.total].flatMap((a) => Object.keys(a.dispositions)))].sort();
  const head = ['agent', 'calls in', 'calls out', 'answered', 'missed', 'declined', 'failed', 'AHT s', 'avg ACW s', 'occupancy %', 'FCR %', 'callbacks on time', 'callbacks late',
    ...states.map((s) => `${s} s`), ...codes.map((c) => `disposition ${c}`)];
  const pct = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);
  const line = (a: KpiRow) => [a.name, a.callsIn, a.callsOut, a.answered, a.missed, a.declined, a.failed, a.ahtSeconds, a.avgAcwSeconds, pct(a.occupancy), pct(a.fcr), a.callbacksOnTime, a.callbacksLate,
    ...states.map((s) => a.secondsByState[s] ?? 0), ...codes.map((c) => a.dispositions[c] ?? 0)];
  const title = [`team ${k.team.name}`, `${k.from} to ${k.to} in ${k.team.timeZone} (client: ${k.team.clientTimeZone})`];
  return [title, head, ...k.agents.map(line), line(k.total)].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
