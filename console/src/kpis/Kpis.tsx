import { useEffect, useState } from 'react';
import { KPI_DEFINITIONS, TeamKpis, type ConsoleTeam, type KpiRow } from '../../../src/contract';
import { clockIn, formatDuration } from '../board/board-view';

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);
const secs = (s: number | null) => (s === null ? '—' : formatDuration(s));
const mix = (m: Record<string, number>) =>
  Object.entries(m)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || '—';

const COLUMNS: Array<{ label: string; def: string; value: (r: KpiRow) => string | number }> = [
  { label: 'Calls in', def: KPI_DEFINITIONS.callsIn, value: (r) => r.callsIn },
  { label: 'Calls out', def: KPI_DEFINITIONS.callsOut, value: (r) => r.callsOut },
  { label: 'Answered', def: KPI_DEFINITIONS.answered, value: (r) => r.answered },
  { label: 'Missed', def: KPI_DEFINITIONS.missed, value: (r) => r.missed },
  { label: 'Declined', def: KPI_DEFINITIONS.declined, value: (r) => r.declined },
  { label: 'Failed', def: KPI_DEFINITIONS.failed, value: (r) => r.failed },
  { label: 'AHT', def: KPI_DEFINITIONS.aht, value: (r) => secs(r.ahtSeconds) },
  { label: 'Avg ACW', def: KPI_DEFINITIONS.avgAcw, value: (r) => secs(r.avgAcwSeconds) },
  { label: 'Occupancy', def: KPI_DEFINITIONS.occupancy, value: (r) => pct(r.occupancy) },
  { label: 'FCR', def: KPI_DEFINITIONS.fcr, value: (r) => pct(r.fcr) },
  { label: 'Callbacks on time / late', def: KPI_DEFINITIONS.callbacks, value: (r) => `${r.callbacksOnTime} / ${r.callbacksLate}` },
  { label: 'Time per state', def: KPI_DEFINITIONS.states, value: (r) => Object.entries(r.secondsByState).map(([s, v]) => `${s} ${formatDuration(v)}`).join(', ') || '—' },
  { label: 'Dispositions', def: KPI_DEFINITIONS.dispositions, value: (r) => mix(r.dispositions) },
];

/** Team KPIs for today or a range: per agent and the team, each figure's definition beside it, CSV export. */
/** `changed`: the board's latest "these teams' KPIs changed" (live over SSE); the shown team's figures are read again. */
export function Kpis({ teams, changed }: { teams: readonly ConsoleTeam[]; changed?: { readonly teamIds: readonly string[]; readonly n: number } }) {
  const [teamId, setTeamId] = useState(teams[0]?.id ?? '');
  const team = teams.find((t) => t.id === teamId) ?? teams[0];
  const [from, setFrom] = useState(() => (team ? todayIn(team.timeZone) : ''));
  const [to, setTo] = useState(from);
  const [kpis, setKpis] = useState<TeamKpis | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = team ? `team=${team.id}&from=${from}&to=${to}` : '';
  /** Bumped when the shown team's KPIs changed on the server. */
  const [refresh, setRefresh] = useState(0);
  useEffect(() => {
    if (changed && team && changed.teamIds.includes(team.id)) setRefresh((n) => n + 1);
    // Only a new event counts: `changed.n` moves once per event.
  }, [changed?.n]);

  useEffect(() => {
    if (!query) return;
    void fetch(`/console/api/kpis?${query}`, { credentials: 'same-origin' })
      .then(async (res) => {
        const body: unknown = await res.json();
        const k = TeamKpis.safeParse(body);
        if (k.success) {
          setKpis(k.data);
          setError(null);
        } else setError(`The KPIs could not be read (${res.status}).`);
      })
      .catch(() => setError('The server cannot be reached.'));
  }, [query, refresh]);

  if (!team) return null;
  const now = new Date();
  return (
    <section className="kpis" aria-label="Team KPIs">
      <h2>Team KPIs</h2>
      <div className="kpi-controls">
        <select aria-label="Team" value={team.id} onChange={(e) => setTeamId(e.target.value)}>
          {teams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
        <label>
          From <input type="date" aria-label="From" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To <input type="date" aria-label="To" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <span className="zones">
          Days in {team.timeZone} (now {clockIn(team.timeZone, now)}); client {team.clientTimeZone} (now {clockIn(team.clientTimeZone, now)})
        </span>
        <a href={`/console/api/kpis.csv?${query}`} download>
          Export CSV
        </a>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      {kpis && (
        <table aria-label="KPIs per agent">
          <thead>
            <tr>
              <th>Agent</th>
              {COLUMNS.map((c, i) => (
                <th key={c.label} title={c.def}>
                  {c.label}
                  <sup>{i + 1}</sup>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[...kpis.agents, kpis.total].map((r) => (
              <tr key={r.agentId ?? 'team'} className={r.agentId === null ? 'total' : ''} data-testid={`kpi-${r.agentId === null ? 'team' : r.name}`}>
                <td>{r.name}</td>
                {COLUMNS.map((c) => (
                  <td key={c.label}>{c.value(r)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ol className="definitions" aria-label="Definitions">
        {COLUMNS.map((c) => (
          <li key={c.label}>
            <strong>{c.label}</strong>: {c.def}
          </li>
        ))}
      </ol>
    </section>
  );
}
