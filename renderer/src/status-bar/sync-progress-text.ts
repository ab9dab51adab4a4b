import type { SyncProgress } from '../../../src/contract';

const count = (n: number) => n.toLocaleString('en-US');

function timeLeft(seconds: number): string {
  if (seconds < 60) return `about ${Math.max(1, seconds)} s left`;
  const minutes = Math.round(seconds / 60);
  return `about ${minutes} min left`;
}

/** The status bar's line while a large pull runs: "Loading contacts 52,000 / 200,200 · about 12 s left". */
export function syncProgressText(p: SyncProgress): string {
  const eta = p.etaSeconds === null ? 'estimating time' : p.contacts >= p.total ? 'finishing' : timeLeft(p.etaSeconds);
  return `Loading contacts ${count(p.contacts)} / ${count(p.total)} · ${eta}`;
}
