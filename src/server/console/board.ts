import { z } from 'zod';
import { Heartbeat, type BoardAgent, type BoardEvent, type ConsoleAccount } from '../../contract';
import type { Logger } from '../../core/log';
import type { Sql, SyncDb } from '../db';
import { boardStateOf } from './board-state';
import { KPIS_CHANNEL } from './kpis';
import { MESSAGES_CHANNEL } from './messages';

/**
 * The live agent board: the latest heartbeat of every agent (agent_status), and the consoles
 * watching it. A heartbeat that changes what the board shows is written in one statement that
 * also NOTIFYs BOARD_CHANNEL with the agent's id, so every server instance on the database hears
 * it; each instance then reads the changed agents once (merged over `coalesceMs`) and sends each
 * console the ones in its teams. A heartbeat that says nothing new only refreshes when the agent
 * was heard: kept in memory by the instance that got it and written for all its agents in one
 * statement a second (HeartbeatRecorder), with one NOTIFY on BOARD_HEARD_CHANNEL; each instance
 * then reads the recent heard times in one query and sends consoles a 'heard' event.
 * Lagged needs no event: every instance re-checks the silence of the agents it knows each second,
 * and asks the database once more before showing an agent as Lagged.
 */
export const BOARD_CHANNEL = 'team_board';
/** NOTIFY channel: some instance wrote a batch of heard times (no payload). */
export const BOARD_HEARD_CHANNEL = 'team_board_heard';
/** How often an instance writes the heard times of beats that changed nothing on the board. */
export const HEARD_FLUSH_MS = 1000;
/** Consoles get a team's "KPIs changed" at most this often (a busy team lands calls every second). */
export const KPI_EVENT_EVERY_MS = 2000;

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

/**
 * One server instance's heartbeats: a beat whose content differs from the last one written for
 * that agent from this instance is written and NOTIFYd at once (recordHeartbeat); an unchanged
 * one only notes when it was heard, and every `flushMs` the heard times of all such agents are
 * written in one UPDATE with one NOTIFY. At 1,000 workstations beating every 5 s that is one
 * statement a second instead of 200, while a change still reaches the board at once.
 */
export class HeartbeatRecorder {
  /** The beat last written per agent, as JSON text. */
  private readonly written = new Map<string, string>();
  /** Heard since the last flush, with nothing new: agent id → server time, ms. */
  private readonly heard = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Sql,
    private readonly log: Logger,
    private readonly flushMs = HEARD_FLUSH_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.flushing = this.flush().catch((err: unknown) => this.log.warn('heartbeats: writing heard times failed', { error: err }));
    }, this.flushMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flushing.catch(() => undefined);
    await this.flush().catch(() => undefined);
  }

  /** A validated beat from `agentId`'s socket on this instance. */
  async record(agentId: string, beat: Heartbeat): Promise<void> {
    const text = JSON.stringify(beat);
    if (this.written.get(agentId) === text) {
      this.heard.set(agentId, this.clock());
      return;
    }
    this.heard.delete(agentId);
    await recordHeartbeat(this.db, agentId, beat);
    this.written.set(agentId, text);
  }

  /** The agent's socket on this instance closed: its next beat (here or elsewhere) is written whole. */
  forget(agentId: string): void {
    this.written.delete(agentId);
  }

  /** Writes the heard times noted since the last flush (never moving one back), and tells every instance. */
  async flush(): Promise<void> {
    if (this.heard.size === 0) return;
    const ids = [...this.heard.keys()];
    const at = ids.map((id) => new Date(this.heard.get(id) ?? 0).toISOString());
    this.heard.clear();
    await this.db.query(
      `WITH up AS (
         UPDATE agent_status s SET heard_at = v.at FROM unnest($1::uuid[], $2::timestamptz[]) AS v(agent_id, at)
         WHERE s.agent_id = v.agent_id AND s.heard_at < v.at RETURNING 1)
       SELECT pg_notify($3, '') WHERE EXISTS (SELECT 1 FROM up)`,
      [ids, at, BOARD_HEARD_CHANNEL],
    );
  }
}

/** When each agent heard from since `sinceMs` (server time) was last heard, ms. */
async function readHeard(db: Sql, sinceMs: number, ids: readonly string[] | null): Promise<Map<string, number>> {
  const { rows } = await db.query<{ agent_id: string; heard_ms: string }>(
    `SELECT agent_id::text, (extract(epoch FROM heard_at) * 1000)::bigint::text AS heard_ms FROM agent_status
     WHERE heard_at >= to_timestamp($1::double precision / 1000) AND ($2::uuid[] IS NULL OR agent_id = ANY($2::uuid[]))`,
    [sinceMs, ids === null ? null : [...ids]],
  );
  return new Map(rows.map((r) => [r.agent_id, Number(r.heard_ms)]));
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
  private stopHeard: (() => Promise<void>) | null = null;
  private stopKpis: (() => Promise<void>) | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private heardTimer: NodeJS.Timeout | null = null;
  private readingHeard: Promise<void> = Promise.resolve();
  private checking = false;
  /** Teams whose KPIs changed since the last 'kpis' event, and when that event went. */
  private readonly kpiTeams = new Set<string>();
  private kpiTimer: NodeJS.Timeout | null = null;
  private kpiSentAt = 0;

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
    this.stopHeard = await this.db.listen(BOARD_HEARD_CHANNEL, () => this.heardChanged(), () => this.heardChanged());
    this.stopKpis = await this.db.listen(
      KPIS_CHANNEL,
      (agentId) => this.kpisChanged(agentId),
      () => undefined,
    );
    await this.reloadAll();
    this.lagTimer = setInterval(() => this.checkSilence(), Math.min(1000, Math.max(100, Math.floor(this.lagAfterMs / 10))));
    this.lagTimer.unref();
  }

  async close(): Promise<void> {
    if (this.lagTimer) clearInterval(this.lagTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.heardTimer) clearTimeout(this.heardTimer);
    if (this.kpiTimer) clearTimeout(this.kpiTimer);
    await this.stop?.();
    await this.stopMessages?.();
    await this.stopHeard?.();
    await this.stopKpis?.();
    await this.readingHeard.catch(() => undefined);
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

  /** Heard times were written somewhere: read the recent ones once (merged over a second), whoever wrote them. */
  private heardChanged(): void {
    if (this.heardTimer) return;
    this.heardTimer = setTimeout(() => {
      this.heardTimer = null;
      this.readingHeard = this.readRecentHeard().catch((err: unknown) => this.log.warn('board: reading heard times failed', { error: err }));
    }, Math.min(HEARD_FLUSH_MS, this.coalesceMs * 4));
    this.heardTimer.unref();
  }

  private async readRecentHeard(): Promise<void> {
    // Every instance flushes about once a second; a window of a few flushes misses none.
    const heard = await readHeard(this.db, this.clock() - 5 * HEARD_FLUSH_MS, null);
    this.applyHeard(heard);
  }

  /** Newer heard times into the cached rows: agents whose state they change are published whole, the rest as 'heard'. */
  private applyHeard(heard: ReadonlyMap<string, number>): void {
    const moved: BoardRow[] = [];
    for (const [id, ms] of heard) {
      const row = this.rows.get(id);
      if (!row || (row.heardAtMs !== null && row.heardAtMs >= ms)) continue;
      const next = { ...row, heardAtMs: ms };
      this.rows.set(id, next);
      moved.push(next);
    }
    if (moved.length === 0) return;
    const now = this.clock();
    const restated = moved.filter((r) => boardStateOf(r.beat, r.heardAtMs, now, this.lagAfterMs).state !== this.shown.get(r.agentId));
    this.publish(restated);
    const quiet = moved.filter((r) => !restated.includes(r));
    if (quiet.length === 0) return;
    const serverTime = new Date(now).toISOString();
    for (const w of this.watchers) {
      const entries = quiet.filter((r) => this.visible(r, w)).map((r) => [r.agentId, new Date(r.heardAtMs ?? 0).toISOString()] as const);
      if (entries.length > 0) w.send({ type: 'heard', heard: Object.fromEntries(entries), serverTime });
    }
  }

  /** A push through any instance landed calls, wrap-ups or presence of this agent: their teams' consoles refresh KPIs, throttled. */
  private kpisChanged(agentId: string): void {
    const row = this.rows.get(agentId);
    if (!row) return;
    for (const t of row.teamIds) this.kpiTeams.add(t);
    if (this.kpiTimer) return;
    const wait = Math.max(this.coalesceMs, this.kpiSentAt + KPI_EVENT_EVERY_MS - this.clock());
    this.kpiTimer = setTimeout(() => {
      this.kpiTimer = null;
      this.kpiSentAt = this.clock();
      const teams = [...this.kpiTeams];
      this.kpiTeams.clear();
      const serverTime = new Date(this.kpiSentAt).toISOString();
      for (const w of this.watchers) {
        const teamIds = w.teams === null ? teams : teams.filter((t) => w.teams?.has(t));
        if (teamIds.length > 0) w.send({ type: 'kpis', teamIds, serverTime });
      }
    }, wait);
    this.kpiTimer.unref();
  }

  /**
   * Agents whose silence crossed the lag time since they were last shown. Before one is shown as
   * Lagged the database is asked once more: another instance may have heard it since its last
   * heard batch reached this one.
   */
  private checkSilence(): void {
    if (this.checking) return;
    const now = this.clock();
    const changed = [...this.rows.values()].filter((r) => boardStateOf(r.beat, r.heardAtMs, now, this.lagAfterMs).state !== this.shown.get(r.agentId));
    if (changed.length === 0) return;
    const lagging = changed.filter((r) => boardStateOf(r.beat, r.heardAtMs, now, this.lagAfterMs).state === 'Lagged');
    if (lagging.length === 0) return this.publish(changed);
    this.checking = true;
    readHeard(this.db, 0, lagging.map((r) => r.agentId))
      .then((heard) => {
        this.applyHeard(heard);
        const at = this.clock();
        const still = changed.map((r) => this.rows.get(r.agentId) ?? r).filter((r) => boardStateOf(r.beat, r.heardAtMs, at, this.lagAfterMs).state !== this.shown.get(r.agentId));
        this.publish(still);
      })
      .catch((err: unknown) => this.log.warn('board: checking silent agents failed', { error: err }))
      .finally(() => (this.checking = false));
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
