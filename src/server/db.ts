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
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /**
   * Calls onPayload for every NOTIFY on the channel, from any server instance on this database.
   * onReconnect runs after the listening connection was lost and re-established: notifications
   * may have been missed in between.
   */
  listen(channel: string, onPayload: (payload: string) => void, onReconnect: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/agent_sync';

export function connectPostgres(connectionString: string, log: Logger, poolSize = 10): SyncDb {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // An idle client that loses its connection must not take the process down; the next query reconnects.
  pool.on('error', (err) => log.warn('postgres idle client error', { error: err }));
  const listeners: Array<() => Promise<void>> = [];
  return {
    kind: 'postgres',
    query: async <R,>(text: string, params?: readonly unknown[]) => {
      const r = await pool.query(text, params as unknown[] | undefined);
      return { rows: r.rows as R[] };
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    transaction: async (fn) => {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const tx: Sql = {
          query: async <R,>(text: string, params?: readonly unknown[]) => {
            const r = await client.query(text, params as unknown[] | undefined);
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
      await Promise.all(listeners.map((s) => s()));
      await pool.end();
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
    transaction: (fn) => db.transaction((tx) => fn(adapt(tx))),
    listen: async (channel, onPayload) => {
      const unsubscribe = await db.listen(channel, onPayload);
      return unsubscribe;
    },
    close: () => db.close(),
  };
}
