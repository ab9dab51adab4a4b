import { useCallback, useEffect, useState } from 'react';
import type { AgentApi, OpenWork } from '../../../src/contract';

/**
 * The call whose wrap-up is open, with what was saved for it: loaded from the local store at
 * start (so a crash or power cut restores it) and reloaded whenever a call changes.
 */
export function useOpenWork(agent: AgentApi): { work: OpenWork | null; loaded: boolean; refresh: () => Promise<void> } {
  const [work, setWork] = useState<OpenWork | null>(null);
  const [loaded, setLoaded] = useState(false);
  const refresh = useCallback(async () => {
    const r = await agent.wrapup.current({});
    if (r.ok) setWork(r.value);
    setLoaded(true);
  }, [agent]);
  useEffect(() => {
    void refresh();
    // A call changed, or a wrap-up ended (also by the core's timer, with nobody clicking).
    const offCalls = agent.on('calls.updated', () => void refresh());
    const offClosed = agent.on('wrapup.closed', () => void refresh());
    return () => {
      offCalls();
      offClosed();
    };
  }, [agent, refresh]);
  return { work, loaded, refresh };
}
