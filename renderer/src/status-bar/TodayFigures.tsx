import { useWorkstation } from '../desk';
import { formatDuration } from '../softphone/CallTimer';

const minutes = (s: number | null) => (s === null ? '–' : formatDuration(s * 1000));

/** The agent's own figures for today, refreshed as calls and wrap-ups happen. */
export function TodayFigures() {
  const kpis = useWorkstation((s) => s.kpis);
  if (!kpis) return null;
  const calls = kpis.inbound + kpis.outbound;
  return (
    <span role="status" aria-label="Today's figures" title="Talk and wrap-up times are averages over today's answered calls">
      Today: {calls} {calls === 1 ? 'call' : 'calls'} · {kpis.answered} answered{kpis.missed ? ` · ${kpis.missed} missed` : ''} · talk{' '}
      {minutes(kpis.averageTalkSeconds)} · wrap-up {minutes(kpis.averageWrapupSeconds)}
    </span>
  );
}
