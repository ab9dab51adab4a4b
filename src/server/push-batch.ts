import {
  AgentError,
  type AgentErrorShape,
  type Change,
  type ChangeEntity,
  type ContactHistoryEntry,
  type Mutation,
  type MutationKind,
  type ServerCall,
  type ServerCallback,
  type ServerDisposition,
  type ServerNote,
} from '../contract';
import type { Sql } from './db';
import type { ContactState } from './contacts';
import type { LeadState } from './leads';
import type { ScriptAnswersRow } from './script-answers';

/**
 * The working state of one push: the rows its mutations touch, loaded once, changed in memory
 * by the rules (push-rules.ts), then written by the writers in one go. Each entity's module
 * (contacts.ts, calls.ts, notes.ts, dispositions.ts, callbacks.ts, leads.ts, presence.ts,
 * script-answers.ts) owns its part.
 */
export interface Batch {
  agentId: string;
  clientId: string;
  now: string;
  contacts: Map<string, ContactState>;
  calls: Map<string, ServerCall>;
  existingNotes: Set<string>;
  newNotes: Map<string, ServerNote>;
  callbacks: Map<string, ServerCallback>;
  dispositions: Map<string, ServerDisposition>;
  /** Replaced contact field values kept for the agents (by entry id, in the order they lost). */
  history: Map<string, ContactHistoryEntry>;
  presence: { state: string; reason: string | null; since: string } | null;
  /** Script answers accepted in this batch, by call (see script-answers.ts). */
  scriptAnswers: Map<string, ScriptAnswersRow>;
  /** Leads named by lead outcomes in this batch (see leads.ts). */
  leads: Map<string, LeadState>;
  /** Supervisors' messages the agent acknowledged in this batch, by message id (console/messages.ts). */
  messageAcks: Map<string, { at: string; reply: string | null }>;
  /** Entities changed in this batch, in first-touch order: each gets the next version at flush. */
  dirty: Map<string, { entity: ChangeEntity; id: string }>;
}

/** The ids of existing rows a batch's mutations need, collected before one query per table. */
export interface RowsToLoad {
  contacts: Set<string>;
  calls: Set<string>;
  notes: Set<string>;
  callbacks: Set<string>;
}

export type MutationOf<K extends MutationKind> = Extract<Mutation, { kind: K }>;

/**
 * The server's rule for one mutation kind: `load` names the rows it needs, `apply` changes the
 * batch's working state or throws an AgentError and leaves it untouched (every check runs
 * before the first change).
 */
export interface Rule<K extends MutationKind> {
  load?: (m: MutationOf<K>, rows: RowsToLoad) => void;
  apply: (b: Batch, m: MutationOf<K>) => void;
}

/** A rule for each of `K`: entity modules export these and push-rules.ts puts them in one table. */
export type Rules<K extends MutationKind> = { [P in K]: Rule<P> };

/** A change as stored in the log: the Change shape without its version, which lives in its own column. */
export type ChangeBody = Change extends infer C ? (C extends unknown ? Omit<C, 'version'> : never) : never;

export interface LogRow {
  version: number;
  entity: ChangeEntity;
  entity_id: string;
  /** The one agent who may pull it; null: every agent. */
  audience: string | null;
  payload: ChangeBody;
}

/**
 * Writes one entity's changed rows of a batch (each with the version it was given) and returns
 * their change-log rows.
 */
export type Writer = (tx: Sql, b: Batch, changed: ReadonlyArray<{ id: string; version: number }>) => Promise<LogRow[]>;

/**
 * The writer of an entity whose changed rows go to one table in one statement (`sql` reads the
 * rows as a JSON array in $1) and whose change-log entry is the row itself, as pulled.
 */
export function snapshotWriter<T>(o: {
  /** What the entity is called in "lost …" errors. */
  readonly name: string;
  readonly lookup: (b: Batch, id: string) => T | undefined;
  readonly sql: string;
  /** The one agent who may pull it; null: every agent. */
  readonly audience: (b: Batch, row: T) => string | null;
  readonly change: (row: T) => ChangeBody;
}): Writer {
  return async (tx, b, changed) => {
    if (changed.length === 0) return [];
    const rows = changed.map(({ id, version }) => ({ id, version, row: o.lookup(b, id) ?? reject('INTERNAL', `lost ${o.name}`) }));
    await tx.query(o.sql, [JSON.stringify(rows.map((r) => r.row))]);
    return rows.map(({ id, version, row }) => {
      const payload = o.change(row);
      return { version, entity: payload.entity, entity_id: id, audience: o.audience(b, row), payload };
    });
  };
}

export const reject = (code: AgentErrorShape['code'], message: string): never => {
  throw new AgentError(code, message);
};

/**
 * The one ownership rule of pushed records: an agent changes only their own calls, callbacks
 * and what hangs off them. A record not on the server yet is anyone's to create.
 */
export function requireOwn(record: { agentId: string } | undefined, b: Batch, message: string): void {
  if (record && record.agentId !== b.agentId) reject('FORBIDDEN', message);
}

/** Marks an entity changed in this batch; the first touch decides its place in version order. */
export function markChanged(b: Batch, entity: ChangeEntity, id: string): void {
  b.dirty.set(`${entity}:${id}`, { entity, id });
}

/** A JSON array of distinct ids, for `IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))`. */
export const uuids = (ids: Iterable<string>) => JSON.stringify([...new Set(ids)]);

/** A timestamptz column as the ISO-8601 UTC text the contract uses. */
export const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
