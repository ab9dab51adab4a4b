import { t } from './i18n';

/**
 * What the agent is told when the core masked card or CNIC numbers in what they typed (the
 * renderer's words for src/contract/shared/sensitive-numbers.ts `describeMasking`), or null
 * when nothing was masked.
 */
export function maskingText(r: { cards: number; cnics: number }): string | null {
  const parts: string[] = [];
  if (r.cards) parts.push(t('masking.cards', { count: r.cards }));
  if (r.cnics) parts.push(t('masking.cnics', { count: r.cnics }));
  const [first, second] = parts;
  if (!first) return null;
  return t('masking.notice', { what: second ? t('masking.both', { first, second }) : first });
}
