import type { SyncProgress } from '../../../src/contract';
import { formatNumber } from '../i18n/format';
import { t } from '../i18n/i18n';

function timeLeft(seconds: number): string {
  if (seconds < 60) return t('status.secondsLeft', { count: Math.max(1, seconds) });
  return t('status.minutesLeft', { count: Math.round(seconds / 60) });
}

/**
 * The status bar's line while a large pull runs: "Loading contacts 52,000 / 200,200 · about 12 s
 * left", then, while its contacts are indexed for search, "Preparing search 40,000 / 200,200".
 */
export function syncProgressText(p: SyncProgress): string {
  if (p.searchIndex) return t('status.preparingSearch', { done: formatNumber(p.searchIndex.indexed), total: formatNumber(p.searchIndex.total) });
  const eta = p.etaSeconds === null ? t('status.estimating') : p.contacts >= p.total ? t('status.finishing') : timeLeft(p.etaSeconds);
  return t('status.loadingContacts', { done: formatNumber(p.contacts), total: formatNumber(p.total), eta });
}
