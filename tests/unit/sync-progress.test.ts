/** The first sync's progress: the core's figures (sync-progress.ts) and the status bar's words. */
import { describe, expect, it } from 'vitest';
import { syncProgress } from '../../src/core/sync/sync-progress';
import { syncProgressText } from '../../renderer/src/status-bar/sync-progress-text';

describe('sync progress', () => {
  it('estimates the time left from the rate so far, rounded up', () => {
    expect(syncProgress({ elapsedMs: 2000, applied: 50_000, counted: 200_000, contacts: 50_000, totalContacts: 200_000 })).toEqual({ contacts: 50_000, total: 200_000, etaSeconds: 6 });
    expect(syncProgress({ elapsedMs: 1000, applied: 3, counted: 10, contacts: 3, totalContacts: 10 }).etaSeconds).toBe(3);
  });

  it('has no estimate before anything is applied, and none left at the end', () => {
    expect(syncProgress({ elapsedMs: 10, applied: 0, counted: 5000, contacts: 0, totalContacts: 5000 }).etaSeconds).toBeNull();
    expect(syncProgress({ elapsedMs: 900, applied: 5000, counted: 5000, contacts: 5000, totalContacts: 5000 }).etaSeconds).toBe(0);
  });

  it('never shows more contacts than the total (contacts edited during the pull come twice)', () => {
    expect(syncProgress({ elapsedMs: 900, applied: 5010, counted: 5000, contacts: 5010, totalContacts: 5000 })).toMatchObject({ contacts: 5000, etaSeconds: 0 });
  });

  it('reads as contacts so far / total and the time left', () => {
    expect(syncProgressText({ contacts: 52_000, total: 200_200, etaSeconds: 12 })).toBe('Loading contacts 52,000 / 200,200 · about 12 s left');
    expect(syncProgressText({ contacts: 1000, total: 200_200, etaSeconds: 190 })).toBe('Loading contacts 1,000 / 200,200 · about 3 min left');
    expect(syncProgressText({ contacts: 0, total: 10, etaSeconds: null })).toBe('Loading contacts 0 / 10 · estimating time');
  });

  it('says search is being prepared while a large pull indexes its contacts at the end', () => {
    expect(syncProgressText({ contacts: 200_200, total: 200_200, etaSeconds: 0, searchIndex: { indexed: 50_000, total: 200_200 } })).toBe('Preparing search 50,000 / 200,200');
  });
});
