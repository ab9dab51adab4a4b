import { useTranslation } from 'react-i18next';
import { useWorkstation } from '../desk';
import { formatDuration } from '../softphone/CallTimer';

const minutes = (s: number | null) => (s === null ? '–' : formatDuration(s * 1000));

/** The agent's own figures for today, refreshed as calls and wrap-ups happen. */
export function TodayFigures() {
  const { t } = useTranslation();
  const kpis = useWorkstation((s) => s.kpis);
  if (!kpis) return null;
  const calls = kpis.inbound + kpis.outbound;
  const parts = [
    t('today.calls', { count: calls }),
    t('today.answered', { count: kpis.answered }),
    ...(kpis.missed ? [t('today.missed', { count: kpis.missed })] : []),
    t('today.talk', { time: minutes(kpis.averageTalkSeconds) }),
    t('today.wrapup', { time: minutes(kpis.averageWrapupSeconds) }),
  ];
  return (
    <span role="status" aria-label={t('today.label')} title={t('today.title')}>
      {parts.join(' · ')}
    </span>
  );
}
