import { BoardState, type BoardAgent } from '../../../src/contract';

/**
 * The board's view of its agents: counts per state for the header, the state filter and the
 * sort. Pure, so the page only renders what these return.
 */

export type BoardSort = 'state' | 'name' | 'time-in-state';
export const BOARD_SORTS: readonly BoardSort[] = ['state', 'name', 'time-in-state'];

/** Every state with its count, in the board's order (Lagged first: it needs the lead's eyes). */
export function stateCounts(agents: readonly BoardAgent[]): Array<{ state: BoardState; count: number }> {
  return BoardState.options.map((state) => ({ state, count: agents.filter((a) => a.state === state).length }));
}

const rank = (s: BoardState) => BoardState.options.indexOf(s);
const sinceMs = (a: BoardAgent) => (a.stateSince === null ? Number.POSITIVE_INFINITY : Date.parse(a.stateSince));

/** The agents shown: only `filter`'s state when one is picked, in `sort` order (ties by name). */
export function visibleAgents(agents: readonly BoardAgent[], filter: BoardState | null, sort: BoardSort): BoardAgent[] {
  const byName = (x: BoardAgent, y: BoardAgent) => x.displayName.localeCompare(y.displayName) || x.username.localeCompare(y.username);
  const compare: Record<BoardSort, (x: BoardAgent, y: BoardAgent) => number> = {
    state: (x, y) => rank(x.state) - rank(y.state) || byName(x, y),
    name: byName,
    // Longest in their state first: the break that ran over, the call that will not end.
    'time-in-state': (x, y) => sinceMs(x) - sinceMs(y) || byName(x, y),
  };
  return agents.filter((a) => filter === null || a.state === filter).sort(compare[sort]);
}

/** Merges updated agents into the board's map (a new object: React sees the change). */
export function mergeAgents(current: ReadonlyMap<string, BoardAgent>, updates: readonly BoardAgent[]): Map<string, BoardAgent> {
  const next = new Map(current);
  for (const a of updates) next.set(a.agentId, a);
  return next;
}

/** Newer "last heard" times (a 'heard' event) into the board; agents it does not hold are left out. */
export function mergeHeard(current: ReadonlyMap<string, BoardAgent>, heard: Readonly<Record<string, string>>): Map<string, BoardAgent> {
  const next = new Map(current);
  for (const [id, at] of Object.entries(heard)) {
    const a = next.get(id);
    if (a && (a.heardAt === null || Date.parse(at) > Date.parse(a.heardAt))) next.set(id, { ...a, heardAt: at });
  }
  return next;
}

/** "4:05" or "1:02:09": a duration for the board, from whole seconds. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** The customer's number as the board shows it: masked but for the last 4 digits. */
export function maskedNumber(last4: string): string {
  return last4 === '' ? 'withheld' : `•••• ${last4}`;
}

/** A clock in a time zone, "09:12" (the team's and the client's side by side). */
export function clockIn(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(at);
}
