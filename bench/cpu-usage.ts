import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { Sql } from '../src/server/db';

/**
 * CPU used during a bench scenario, from Linux's /proc (proc(5)): the whole machine's busy time
 * (/proc/stat's first line: everything but idle and iowait), and the user + system time of given
 * processes (/proc/<pid>/stat fields 14 and 15): the server processes, the PostgreSQL backends
 * serving the bench's database, and the bench's own process (its load generator). Lets a report
 * say whether a run was CPU-bound and what a mutation costs in CPU-seconds. Bench-only; on a
 * system without /proc every figure is NaN.
 */

/** Clock ticks per second of /proc's times: USER_HZ, 100 on every Linux architecture Node runs on. */
const USER_HZ = 100;

/** Busy and total CPU time of the whole machine so far, in seconds summed over its cores. */
function machineTimes(): { busy: number; total: number } {
  try {
    const first = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest is inside user)
    const t = first.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = t.reduce((a, b) => a + b, 0);
    const idle = (t[3] ?? 0) + (t[4] ?? 0);
    return { busy: (total - idle) / USER_HZ, total: total / USER_HZ };
  } catch {
    return { busy: NaN, total: NaN };
  }
}

/** User + system CPU seconds a process has used, or null once it has gone. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) / USER_HZ;
  } catch {
    return null;
  }
}

/** The PostgreSQL backends connected to `database` now (pool connections live for the whole run). */
export async function backendPids(db: Sql, database: string): Promise<number[]> {
  const { rows } = await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
  return rows.map((r) => r.pid);
}

export interface CpuUsage {
  /** Wall time of the scenario, s. */
  readonly wallS: number;
  /** The machine's cores. */
  readonly cores: number;
  /** Share of all cores busy (anything: this bench, other work on the machine), 0–1. */
  readonly machineBusy: number;
  /** CPU-seconds of the server processes (the bench's own process when the server runs in it). */
  readonly serverS: number;
  /** CPU-seconds of the PostgreSQL backends of the bench's database (not the cluster's background writers). */
  readonly postgresS: number;
  /** CPU-seconds of the bench process: the load generator (and an in-process server, if any). */
  readonly benchS: number;
}

/**
 * Starts measuring. `servers` are the server processes' pids (empty when the server runs in the
 * bench's process); `backends` lists the PostgreSQL backends to count, asked at start and at
 * stop (a backend seen only at stop counts from zero: pools open connections on demand).
 */
export async function startCpuMeter(servers: readonly number[], backends: () => Promise<number[]>): Promise<{ stop(): Promise<CpuUsage> }> {
  const t0 = performance.now();
  const m0 = machineTimes();
  const bench0 = process.cpuUsage();
  const before = new Map<number, number>();
  for (const pid of [...servers, ...(await backends())]) before.set(pid, processCpuSeconds(pid) ?? 0);
  const used = (pid: number) => {
    const now = processCpuSeconds(pid);
    return now === null ? 0 : now - (before.get(pid) ?? 0);
  };
  return {
    stop: async () => {
      const pg = await backends();
      const m1 = machineTimes();
      const bench = process.cpuUsage(bench0);
      // Backends that closed since the start are lost to /proc: count what they had used by then as nothing.
      const postgresS = pg.reduce((sum, pid) => sum + used(pid), 0);
      const serverS = servers.reduce((sum, pid) => sum + used(pid), 0);
      return {
        wallS: (performance.now() - t0) / 1000,
        cores: cpus().length,
        machineBusy: (m1.busy - m0.busy) / (m1.total - m0.total),
        serverS,
        postgresS,
        benchS: (bench.user + bench.system) / 1e6,
      };
    },
  };
}

/** "97 % of 2 cores; server 12.3 s, PostgreSQL 8.1 s, load generator 4.0 s CPU" */
export function describeCpu(u: CpuUsage): string {
  const pct = Number.isFinite(u.machineBusy) ? `${(u.machineBusy * 100).toFixed(0)} % of ${u.cores} cores` : 'machine n/a';
  return `${pct}; CPU s server ${u.serverS.toFixed(1)} / PostgreSQL ${u.postgresS.toFixed(1)} / bench ${u.benchS.toFixed(1)}`;
}
