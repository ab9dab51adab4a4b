import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import type { Logger } from '../core/log';

/** The one query shape the server uses, so the same code runs on PostgreSQL and on PGlite (demo). */
export interface Sql {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<{ rows: R[] }>;
  /** Several statements, no parameters: migrations. */
  exec(sql: string): Promise<void>;
}

export interface SyncDb extends Sql {
  readonly kind: 'postgres' | 'pglite';
  /**
   * Runs fn in one transaction. `pool` picks the connections it waits for: 'push' (the default)
   * for pushes and other writes that may queue in a storm; 'query' for the short transactions of
   * sign-in, which must never wait behind pushes (issue 12: pulls and sign-in never starve).
   * `lead`: statements without parameters to run first, sent with BEGIN in one round trip (a
   * push's client lock, change-log.ts pushLocksStatement); an implementation must run it.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>, pool?: 'push' | 'query', lead?: string | null): Promise<T>;
  /**
   * Calls onPayload for every NOTIFY on the channel, from any server instance on this database.
   * onReconnect runs after the listening connection was lost and re-established: notifications
   * may have been missed in between.
   */
  listen(channel: string, onPayload: (payload: string) => void, onReconnect: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/agent_sync';

/**
 * The server's PostgreSQL settings (environment variables in main.ts, documented in the README's
 * sync server section). Two pools: pushes queue for their own connections, so a storm of pushes
 * never holds the connections that pulls, sign-in and token checks need.
 */
export interface PostgresSettings {
  /** Connections for push transactions and other writes in a transaction (SYNC_PUSH_POOL_SIZE). */
  readonly pushPoolSize: number;
  /** Connections for single statements: pulls, sign-in, token checks (SYNC_QUERY_POOL_SIZE). */
  readonly queryPoolSize: number;
  /** How long a request waits for a connection, ms, 0 = no limit (SYNC_DB_CONNECT_TIMEOUT_MS). */
  readonly connectTimeoutMs: number;
  /** PostgreSQL statement_timeout, ms, 0 = none (SYNC_STATEMENT_TIMEOUT_MS). */
  readonly statementTimeoutMs: number;
  /**
   * PostgreSQL idle_in_transaction_session_timeout, ms (SYNC_IDLE_IN_TRANSACTION_TIMEOUT_MS): a
   * stuck transaction holds its row and client locks, and its changes, so it is ended.
   */
  readonly idleInTransactionTimeoutMs: number;
}

export const DEFAULT_POSTGRES_SETTINGS: PostgresSettings = {
  pushPoolSize: 8,
  queryPoolSize: 8,
  connectTimeoutMs: 60_000,
  statementTimeoutMs: 60_000,
  idleInTransactionTimeoutMs: 10_000,
};

/** Distinct statement texts a server prepares on its transactions' connections, at most. */
export const PREPARED_STATEMENTS_MAX = 200;

/** `settings` as a number: both pools of that size (tests). */
export function connectPostgres(connectionString: string, log: Logger, settings: Partial<PostgresSettings> | number = {}): SyncDb {
  const s: PostgresSettings = {
    ...DEFAULT_POSTGRES_SETTINGS,
    ...(typeof settings === 'number' ? { pushPoolSize: settings, queryPoolSize: settings } : settings),
  };
  const poolOf = (max: number) => {
    const pool = new pg.Pool({
      connectionString,
      max,
      connectionTimeoutMillis: s.connectTimeoutMs,
      statement_timeout: s.statementTimeoutMs,
      idle_in_transaction_session_timeout: s.idleInTransactionTimeoutMs,
    });
    // An idle client that loses its connection must not take the process down; the next query reconnects.
    pool.on('error', (err) => log.warn('postgres idle client error', { error: err }));
    return pool;
  };
  // Transactions' statements are named (prepared once per connection, then only bound and
  // run): a push's dozen statements are the same texts every time, so PostgreSQL stops parsing
  // and planning them per push (issue 12: the push's fixed cost). Bounded, in case a caller
  // ever builds texts with values in them: past the bound, statements run unnamed as before.
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    const known = names.get(text);
    if (known !== undefined || names.size >= PREPARED_STATEMENTS_MAX) return known;
    const name = `tx${names.size}`;
    names.set(text, name);
    return name;
  };
  const pushPool = poolOf(s.pushPoolSize);
  const queryPool = poolOf(s.queryPoolSize);
  const listeners: Array<() => Promise<void>> = [];
  return {
    kind: 'postgres',
    query: async <R,>(text: string, params?: readonly unknown[]) => {
      const r = await queryPool.query(text, params as unknown[] | undefined);
      return { rows: r.rows as R[] };
    },
    exec: async (sql) => {
      await queryPool.query(sql);
    },
    transaction: async (fn, pool = 'push', lead = null) => {
      const client = await (pool === 'query' ? queryPool : pushPool).connect();
      // A checked-out client has no pool listener: a connection lost mid-transaction (server
      // restart, backend terminated) fails the transaction's query, not the process.
      const onError = (err: Error) => log.warn('postgres connection lost in a transaction', { error: err });
      client.on('error', onError);
      let broken = false;
      try {
        await client.query(lead === null ? 'BEGIN' : `BEGIN; ${lead}`);
        const tx: Sql = {
          query: async <R,>(text: string, params?: readonly unknown[]) => {
            const name = params === undefined ? undefined : nameOf(text);
            const r = name === undefined ? await client.query(text, params as unknown[] | undefined) : await client.query({ name, text, values: params as unknown[] });
            return { rows: r.rows as R[] };
          },
          exec: async (sql) => {
            await client.query(sql);
          },
        };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw err;
      } finally {
        if (!broken) client.off('error', onError);
        client.release(broken);
      }
    },
    listen: async (channel, onPayload, onReconnect) => {
      let closed = false;
      let client: pg.Client | null = null;
      let retry: NodeJS.Timeout | null = null;
      const connect = async (isReconnect: boolean): Promise<void> => {
        const c = new pg.Client({ connectionString });
        c.on('notification', (n) => {
          if (n.channel === channel && n.payload !== undefined) onPayload(n.payload);
        });
        c.on('error', (err) => {
          log.warn('postgres listen connection lost', { error: err });
          void c.end().catch(() => undefined);
          if (client === c) client = null;
          schedule();
        });
        await c.connect();
        await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        if (closed) {
          await c.end();
          return;
        }
        client = c;
        if (isReconnect) onReconnect();
      };
      const schedule = () => {
        if (closed || retry) return;
        retry = setTimeout(() => {
          retry = null;
          connect(true).catch((err: unknown) => {
            log.warn('postgres listen reconnect failed', { error: err });
            schedule();
          });
        }, 1000);
      };
      await connect(false);
      const stop = async () => {
        closed = true;
        if (retry) clearTimeout(retry);
        const c = client;
        client = null;
        if (c) await c.end().catch(() => undefined);
      };
      listeners.push(stop);
      return stop;
    },
    close: async () => {
      await Promise.all(listeners.map((stop) => stop()));
      await Promise.all([pushPool.end(), queryPool.end()]);
    },
  };
}

/** PGlite in-process: one connection, so transactions queue; enough for the demo profile. */
export function wrapPglite(db: PGlite): SyncDb {
  const adapt = (q: Pick<PGlite, 'query' | 'exec'>): Sql => ({
    query: async <R,>(text: string, params?: readonly unknown[]) => {
      const r = await q.query<R>(text, params as unknown[] | undefined);
      return { rows: r.rows };
    },
    exec: async (sql) => {
      await q.exec(sql);
    },
  });
  return {
    kind: 'pglite',
    ...adapt(db),
    transaction: (fn, _pool, lead = null) =>
      db.transaction(async (tx) => {
        if (lead !== null) await tx.exec(lead);
        return fn(adapt(tx));
      }),
    listen: async (channel, onPayload) => {
      const unsubscribe = await db.listen(channel, onPayload);
      return unsubscribe;
    },
    close: () => db.close(),
  };
}
