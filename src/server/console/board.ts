import { z } from 'zod';
import { Heartbeat, type BoardAgent, type BoardEvent, type ConsoleAccount } from '../../contract';
import type { Logger } from '../../core/log';
import type { Sql, SyncDb } from '../db';
import { boardStateOf } from './board-state';
import { MESSAGES_CHANNEL } from './messages';

/**
 * The live agent board: the latest heartbeat of every agent (agent_status), and the consoles
 * watching it. A heartbeat is written in one statement that also NOTIFYs BOARD_CHANNEL with the
 * agent's id, so every server instance on the database hears it; each instance then reads the
 * changed agents once (merged over `coalesceMs`) and sends each console the ones in its teams.
 * Lagged needs no event: every instance re-checks the silence of the agents it knows each second.
 */
export const BOARD_CHANNEL = 'team_board';

/** Default silence after which a signed-on workstation is Lagged (CONSOLE_LAG_AFTER_MS): under the 60 s a team lead can wait. */
export const DEFAULT_LAG_AFTER_MS = 20_000;

/**
 * Stores an agent's heartbeat as heard now, and tells every instance. The beat is already
 * validated (Heartbeat); the server's clock, not the workstation's, dates it.
 */
export async function recordHeartbeat(db: Sql, agentId: string, beat: Heartbeat): Promise<void> {
  await db.query(
    `WITH up AS (
       INSERT INTO agent_status (agent_id, beat, heard_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (agent_id) DO UPDATE SET beat = excluded.beat, heard_at = excluded.heard_at
       RETURNING agent_id)
     SELECT pg_notify($3, agent_id::text) FROM up`,
    [agentId, JSON.stringify(beat), BOARD_CHANNEL],
  );
}

const Row = z.object({
  id: z.uuid(),
  username: z.string(),
  display_name: z.string(),
  team_ids: z.array(z.uuid()),
  beat: z.unknown().nullable(),
  heard_ms: z.coerce.number().nullable(),
});

/** An agent as read from the database, before its state is computed against a clock. */
export interface BoardRow {
  readonly agentId: string;
  readonly username: string;
  readonly displayName: string;
  readonly teamIds: readonly string[];
  readonly beat: Heartbeat | null;
  readonly heardAtMs: number | null;
}

/**
 * Agents in any team (all teams' ids each is in), with their latest heartbeat; only `ids` when
 * given. A beat that no longer parses (an older workstation's) reads as none.
 */
export async function readBoardRows(db: Sql, ids: readonly string[] | null): Promise<BoardRow[]> {
  const { rows } = await db.query(
    `SELECT a.id::text, a.username, a.display_name, array_agg(ta.team_id::text ORDER BY ta.team_id) AS team_ids,
            s.beat, (extract(epoch FROM s.heard_at) * 1000)::bigint AS heard_ms
     FROM agents a JOIN team_agents ta ON ta.agent_id = a.id LEFT JOIN agent_status s ON s.agent_id = a.id
     WHERE ($1::uuid[] IS NULL OR a.id = ANY($1::uuid[]))
     GROUP BY a.id, s.agent_id`,
    [ids === null ? null : [...ids]],
  );
  return rows.map((r) => {
    const row = Row.parse(r);
    const beat = row.beat === null ? null : Heartbeat.safeParse(row.beat);
    return {
      agentId: row.id,
      username: row.username,
      displayName: row.display_name,
      teamIds: row.team_ids,
      beat: beat?.success ? beat.data : null,
      heardAtMs: row.heard_ms,
    };
  });
}

/** The row as the console gets it: its state computed against `nowMs`, its teams cut to the viewer's. */
export function toBoardAgent(row: BoardRow, nowMs: number, lagAfterMs: number, viewerTeams: ReadonlySet<string> | null): BoardAgent {
  const { state, sinceMs } = boardStateOf(row.beat, row.heardAtMs, nowMs, lagAfterMs);
  return {
    agentId: row.agentId,
    username: row.username,
    displayName: row.displayName,
    teamIds: viewerTeams === null ? [...row.teamIds] : row.teamIds.filter((t) => viewerTeams.has(t)),
    state,
    beat: row.beat,
    heardAt: row.heardAtMs === null ? null : new Date(row.heardAtMs).toISOString(),
    stateSince: sinceMs === null || Number.isNaN(sinceMs) ? null : new Date(sinceMs).toISOString(),
  };
}

/** A console watching the board: its account's teams (null: an admin, every team) and where to send. */
export interface BoardWatcher {
  readonly account: ConsoleAccount;
  readonly teams: ReadonlySet<string> | null;
  send(event: BoardEvent): void;
}

export class BoardHub {
  private readonly rows = new Map<string, BoardRow>();
  /** The state each agent was last shown in, to send only the agents whose state the clock changed. */
  private readonly shown = new Map<string, string>();
  private readonly watchers = new Set<BoardWatcher>();
  private readonly dirty = new Set<string>();
  private flushTimer: NodeJS.Timeout | null = null;
  private lagTimer: NodeJS.Timeout | null = null;
  private stop: (() => Promise<void>) | null = null;
  private stopMessages: (() => Promise<void>) | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: SyncDb,
    private readonly log: Logger,
    readonly lagAfterMs = DEFAULT_LAG_AFTER_MS,
    private readonly coalesceMs = 50,
    private readonly clock: () => number = Date.now,
  ) {}

  async start(): Promise<void> {
    this.stop = await this.db.listen(
      BOARD_CHANNEL,
      (agentId) => this.markDirty(agentId),
      // Notices may have been lost: read everyone again.
      () => void this.reloadAll(),
    );
    // A message sent or acknowledged through any instance: every console reads its list again.
    const messagesChanged = () => {
      const event: BoardEvent = { type: 'messages', serverTime: new Date(this.clock()).toISOString() };
      for (const w of this.watchers) w.send(event);
    };
    this.stopMessages = await this.db.listen(MESSAGES_CHANNEL, messagesChanged, messagesChanged);
    await this.reloadAll();
    this.lagTimer = setInterval(() => this.checkSilence(), Math.min(1000, Math.max(100, Math.floor(this.lagAfterMs / 10))));
    this.lagTimer.unref();
  }

  async close(): Promise<void> {
    if (this.lagTimer) clearInterval(this.lagTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    await this.stop?.();
    await this.stopMessages?.();
    await this.flushing.catch(() => undefined);
    this.watchers.clear();
  }

  /** Adds a console: it gets every agent it may see now, then their changes. Returns the remover. */
  watch(watcher: BoardWatcher): () => void {
    this.watchers.add(watcher);
    const now = this.clock();
    const agents = [...this.rows.values()].filter((r) => this.visible(r, watcher)).map((r) => toBoardAgent(r, now, this.lagAfterMs, watcher.teams));
    watcher.send({ type: 'agents', agents, serverTime: new Date(now).toISOString() });
    return () => this.watchers.delete(watcher);
  }

  get watcherCount(): number {
    return this.watchers.size;
  }

  private visible(row: BoardRow, w: BoardWatcher): boolean {
    return w.teams === null || row.teamIds.some((t) => w.teams?.has(t));
  }

  private markDirty(agentId: string): void {
    if (!z.uuid().safeParse(agentId).success) return;
    this.dirty.add(agentId);
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.flushing = this.flush().catch((err: unknown) => this.log.warn('board: reading changed agents failed', { error: err }));
    }, this.coalesceMs);
    this.flushTimer.unref();
  }

  private async reloadAll(): Promise<void> {
    const rows = await readBoardRows(this.db, null);
    this.rows.clear();
    for (const r of rows) this.rows.set(r.agentId, r);
    this.publish(rows);
  }

  private async flush(): Promise<void> {
    const ids = [...this.dirty];
    this.dirty.clear();
    if (ids.length === 0) return;
    const rows = await readBoardRows(this.db, ids);
    for (const r of rows) this.rows.set(r.agentId, r);
    this.publish(rows);
  }

  /** Agents whose silence crossed the lag time since they were last shown. */
  private checkSilence(): void {
    const now = this.clock();
    const changed = [...this.rows.values()].filter((r) => boardStateOf(r.beat, r.heardAtMs, now, this.lagAfterMs).state !== this.shown.get(r.agentId));
    if (changed.length > 0) this.publish(changed);
  }

  private publish(rows: readonly BoardRow[]): void {
    const now = this.clock();
    for (const r of rows) this.shown.set(r.agentId, boardStateOf(r.beat, r.heardAtMs, now, this.lagAfterMs).state);
    if (rows.length === 0) return;
    const serverTime = new Date(now).toISOString();
    for (const w of this.watchers) {
      const agents = rows.filter((r) => this.visible(r, w)).map((r) => toBoardAgent(r, now, this.lagAfterMs, w.teams));
      if (agents.length > 0) w.send({ type: 'agents', agents, serverTime });
    }
  }
}
