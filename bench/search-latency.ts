import { performance } from 'node:perf_hooks';
import { ContactRepository } from '../src/core/contacts/contact-repository';
import type { Db } from '../src/core/store/database';

/**
 * Customer searches right after a first sync, as an agent types them: names, companies, e-mails
 * and partial numbers of the synthetic book both first-sync benches write (src/server/seed.ts
 * and bench/first-sync-store.ts), `queries` of them spread over the book's `contacts`. Returns
 * each search's time in ms, sorted ascending (`percentile` reads it).
 */
export function searchLatencies(db: Db, contacts: number, queries = 1000): number[] {
  const repo = new ContactRepository(db);
  const times: number[] = [];
  for (let i = 0; i < queries; i++) {
    const g = 1 + ((i * 7919) % contacts);
    const q = [`First${g}`, `Last${g % 997}`, `Company ${g % 211}`, `user${g}@`, `0300${String(g).padStart(7, '0')}`][i % 5] ?? '';
    const s0 = performance.now();
    repo.search(q, 20);
    times.push(performance.now() - s0);
  }
  return times.sort((a, b) => a - b);
}

/** The p-th percentile (0–100) of ascending `sorted`, in its unit; 0 when empty. */
export const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
