import { useEffect, useMemo, useState } from 'react';
import type { BoardAgent, BoardState, ConsoleMe } from '../../../src/contract';
import { followBoard } from '../api';
import { Kpis } from '../kpis/Kpis';
import { Messages } from '../messages/Messages';
import { BOARD_SORTS, clockIn, formatDuration, maskedNumber, mergeAgents, mergeHeard, stateCounts, visibleAgents, type BoardSort } from './board-view';

const SORT_LABEL: Record<BoardSort, string> = { state: 'State', name: 'Name', 'time-in-state': 'Longest in state' };

/** The live agent board: counts per state, filter and sort, one row per agent of the lead's teams. */
export function Board({ me, onSignOut }: { me: ConsoleMe; onSignOut: () => void }) {
  const [agents, setAgents] = useState<Map<string, BoardAgent>>(new Map());
  const [connected, setConnected] = useState(false);
  /** Server clock minus this browser's: durations are counted on the server's time. */
  const [skewMs, setSkewMs] = useState(0);
  const [filter, setFilter] = useState<BoardState | null>(null);
  const [sort, setSort] = useState<BoardSort>('state');
  const [now, setNow] = useState(() => Date.now());
  /** Bumped when messages were sent or acknowledged anywhere: the messages panel reads them again. */
  const [messagesTick, setMessagesTick] = useState(0);
  /** Teams whose calls, wrap-ups or presence just landed, and a counter so the KPIs panel reads again. */
  const [kpisChanged, setKpisChanged] = useState<{ teamIds: readonly string[]; n: number }>({ teamIds: [], n: 0 });

  useEffect(
    () =>
      followBoard(
        (event) => {
          setSkewMs(Date.parse(event.serverTime) - Date.now());
          if (event.type === 'agents') setAgents((current) => mergeAgents(current, event.agents));
          else if (event.type === 'heard') setAgents((current) => mergeHeard(current, event.heard));
          else if (event.type === 'kpis') setKpisChanged((k) => ({ teamIds: event.teamIds, n: k.n + 1 }));
          else setMessagesTick((n) => n + 1);
        },
        setConnected,
      ),
    [],
  );
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);

  const all = useMemo(() => [...agents.values()], [agents]);
  const shown = useMemo(() => visibleAgents(all, filter, sort), [all, filter, sort]);
  const serverNow = now + skewMs;
  const team = me.teams[0];

  return (
    <main className="console board">
      <header>
        <h1>Team board</h1>
        <span className="who">
          {me.account.displayName} · {me.teams.map((t) => t.name).join(', ') || 'no teams yet'}
        </span>
        {team && (
          <span className="clocks" data-testid="clocks">
            {team.timeZone} {clockIn(team.timeZone, new Date(serverNow))} · client {team.clientTimeZone} {clockIn(team.clientTimeZone, new Date(serverNow))}
          </span>
        )}
        <span className={connected ? 'live on' : 'live off'} data-testid="live">
          {connected ? 'live' : 'reconnecting…'}
        </span>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <nav className="counts" aria-label="Filter by state">
        <button type="button" aria-pressed={filter === null} onClick={() => setFilter(null)}>
          All {all.length}
        </button>
        {stateCounts(all).map(({ state, count }) => (
          <button type="button" key={state} aria-pressed={filter === state} data-testid={`count-${state}`} className={`state-${slug(state)}`} onClick={() => setFilter(filter === state ? null : state)}>
            {state} {count}
          </button>
        ))}
        <label className="sort">
          Sort by{' '}
          <select value={sort} onChange={(e) => setSort(e.target.value as BoardSort)}>
            {BOARD_SORTS.map((s) => (
              <option key={s} value={s}>
                {SORT_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
      </nav>
      <table>
        <thead>
          <tr>
            <th>Agent</th>
            <th>State</th>
            <th>Time in state</th>
            <th>Call</th>
            <th>Phone</th>
            <th>Last heard</th>
            <th title="Changes waiting on the workstation to reach the server">Unsynced</th>
            <th>Power</th>
            <th>Network</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((a) => (
            <AgentRow key={a.agentId} agent={a} serverNow={serverNow} />
          ))}
        </tbody>
      </table>
      {shown.length === 0 && <p className="empty">No agents {filter ? `in ${filter}` : 'in your teams yet'}.</p>}
      <Messages teams={me.teams} agents={all} tick={messagesTick} />
      <Kpis teams={me.teams} changed={kpisChanged} />
    </main>
  );
}

const slug = (s: string) => s.toLowerCase().replace(/\s+/g, '-');
const secondsSince = (iso: string | null, now: number) => (iso === null ? null : (now - Date.parse(iso)) / 1000);

function AgentRow({ agent: a, serverNow }: { agent: BoardAgent; serverNow: number }) {
  const inState = secondsSince(a.stateSince, serverNow);
  const heard = secondsSince(a.heardAt, serverNow);
  const call = a.beat?.call ?? null;
  const reason = a.state !== 'Lagged' && a.beat?.presence.reason ? ` · ${a.beat.presence.reason}` : '';
  return (
    <tr data-testid={`agent-${a.username}`} data-state={a.state} className={`state-${slug(a.state)}`}>
      <td>
        {a.displayName} <span className="username">{a.username}</span>
        {a.beat?.handRaised && <span className="hand" title="Asked for help"> ✋</span>}
      </td>
      <td className="state" data-testid="state">
        {a.state}
        {reason}
      </td>
      <td>{inState === null ? '—' : formatDuration(inState)}</td>
      <td>
        {call
          ? `${call.direction === 'inbound' ? 'In' : 'Out'} ${maskedNumber(call.numberLast4)} · ${formatDuration((serverNow - Date.parse(call.answeredAt ?? call.startedAt)) / 1000)}${call.campaignId ? ` · ${call.campaignId}` : ''}`
          : '—'}
      </td>
      <td>{a.beat?.registration ?? '—'}</td>
      <td>{heard === null ? 'never' : `${formatDuration(heard)} ago`}</td>
      <td>{a.beat?.pendingMutations ?? '—'}</td>
      <td>{a.beat ? (a.beat.power === 'battery' ? `battery${a.beat.batteryPercent === null ? '' : ` ${Math.round(a.beat.batteryPercent)}%`}` : a.beat.power) : '—'}</td>
      <td data-testid="network">{a.beat ? `${a.beat.network}${a.beat.mos === null ? '' : ` · MOS ${a.beat.mos.toFixed(1)}`}` : '—'}</td>
    </tr>
  );
}
