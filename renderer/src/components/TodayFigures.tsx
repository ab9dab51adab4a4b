import { useEffect, useState } from 'react';
import type { Kpis } from '../../../src/contract';
import { useAgentContext } from '../agent/agent-context';
import { formatDuration } from './phone/CallTimer';

const minutes = (s: number | null) => (s === null ? '–' : formatDuration(s * 1000));

/** The agent's own figures for today, refreshed as calls and wrap-ups happen. */
export function TodayFigures() {
  const { agent } = useAgentContext();
  const [kpis, setKpis] = useState<Kpis | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      void agent.kpis.summary({}).then((r) => {
        if (live && r.ok) setKpis(r.value);
      });
    load();
    const offs = [agent.on('calls.updated', load), agent.on('wrapup.closed', load)];
    return () => {
      live = false;
      for (const off of offs) off();
    };
  }, [agent]);
  if (!kpis) return null;
  const calls = kpis.inbound + kpis.outbound;
  return (
    <span role="status" aria-label="Today's figures" title="Talk and wrap-up times are averages over today's answered calls">
      Today: {calls} {calls === 1 ? 'call' : 'calls'} · {kpis.answered} answered{kpis.missed ? ` · ${kpis.missed} missed` : ''} · talk{' '}
      {minutes(kpis.averageTalkSeconds)} · wrap-up {minutes(kpis.averageWrapupSeconds)}
    </span>
  );
}
