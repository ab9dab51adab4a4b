import { BUSY_TIMEOUT_MS, type Db } from './database';

/**
 * The agent's writes go before the pull worker's.
 *
 * SQLite has one writer at a time, and a connection waiting for the write lock only polls
 * (busy_timeout: sleeps of 1 ms growing to 100 ms, database.ts). A pull worker with its next
 * page already in hand (page-fetcher.ts) commits and begins its next transaction within
 * microseconds, so the core's connection could poll for its whole busy_timeout and fail with
 * SQLITE_BUSY: an agent's note save lost to a first sync (the kind of fault issue 16 fixed for
 * deferred transactions). So the core's connection counts its write transactions in an integer
 * shared with the worker (`announceCoreWrites`), and the worker, before each of its own
 * transactions and every few hundred changes inside one, gives way while it is above zero
 * (`CoreWritePriority`): it commits what it has and waits for the core's write to end. An
 * agent's save then waits for a few hundred pulled changes (milliseconds), not a page.
 *
 * The counter is a SharedArrayBuffer of one Int32: created with the worker (pull-worker-client.ts
 * `startPullWorker`), passed in its workerData.
 */
export function coreWriteCounter(): SharedArrayBuffer {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
}

type Transaction = ReturnType<Db['transaction']>;

/**
 * From now on every write on `db` counts itself in `counter` from before it asks for the lock
 * until after its COMMIT or ROLLBACK, and wakes a waiting worker when it ends: each transaction
 * (`db.transaction(fn)` in any of its forms; the core's are all `.immediate()`, database.ts),
 * and each writing statement run on its own (a setting saved, autocommit). Reads are not
 * counted: in WAL mode they never wait for the writer.
 */
export function announceCoreWrites(db: Db, counter: SharedArrayBuffer): void {
  const count = new Int32Array(counter);
  const transaction = db.transaction.bind(db);
  const announced = <F extends (...args: never[]) => unknown>(run: F): F =>
    ((...args: Parameters<F>) => {
      Atomics.add(count, 0, 1);
      try {
        return run(...args);
      } finally {
        Atomics.sub(count, 0, 1);
        Atomics.notify(count, 0);
      }
    }) as F;
  db.transaction = ((fn: Parameters<Db['transaction']>[0]): Transaction => {
    const tx = transaction(fn);
    const immediate = announced(tx.immediate);
    const deferred = announced(tx.deferred);
    const exclusive = announced(tx.exclusive);
    const byDefault = announced(tx.default);
    return Object.assign(byDefault, { default: byDefault, immediate, deferred, exclusive }) as Transaction;
  }) as Db['transaction'];
  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => {
    const statement = prepare(source);
    if (statement.reader) return statement;
    const run = statement.run.bind(statement);
    const counted = announced(run);
    // Inside a transaction the transaction is counted already.
    statement.run = ((...args: Parameters<typeof run>) => (db.inTransaction ? run(...args) : counted(...args))) as typeof statement.run;
    return statement;
  }) as Db['prepare'];
}

/**
 * Longest the worker gives way to the core at once, in ms: the core's own busy_timeout
 * (database.ts). A counter stuck above zero (a core write that never ends holds the lock
 * anyway) must not stop the pull for good.
 */
export const MAX_GIVE_WAY_MS = BUSY_TIMEOUT_MS;

/** The worker's side: whether the core is waiting to write, and giving way until it is done. */
export class CoreWritePriority {
  private readonly count: Int32Array;

  constructor(counter: SharedArrayBuffer) {
    this.count = new Int32Array(counter);
  }

  /** True while a write transaction on the core's connection is waiting for the lock or running. */
  waiting(): boolean {
    return Atomics.load(this.count, 0) > 0;
  }

  /**
   * Blocks this thread (a worker's: Atomics.wait) while the core's writes are waiting or
   * running, MAX_GIVE_WAY_MS at most. Call with no transaction open: the core waits for the lock.
   */
  giveWay(maxMs: number = MAX_GIVE_WAY_MS): void {
    const deadline = performance.now() + maxMs;
    for (;;) {
      const writers = Atomics.load(this.count, 0);
      const left = deadline - performance.now();
      if (writers <= 0 || left <= 0) return;
      Atomics.wait(this.count, 0, writers, left);
    }
  }
}
