import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

/**
 * Phone benches make real calls, whose media and signalling must stay on loopback: a bench file
 * calls this first, and outside the namespace it re-runs itself inside one with its own Kamailio
 * and coturn (scripts/sip/netns-run.sh), exiting with that run's status. Inside, it returns.
 */
export function runInPhoneNamespace(benchFile: string): void {
  if (process.env.PHONE_BENCH_IN_NETNS) return;
  const r = spawnSync('bash', [path.join(root, 'scripts/sip/netns-run.sh'), process.execPath, '--import', 'tsx', benchFile], {
    stdio: 'inherit',
    env: { ...process.env, PHONE_BENCH_IN_NETNS: '1' },
    cwd: root,
  });
  process.exit(r.status ?? 1);
}
