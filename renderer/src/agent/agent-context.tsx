import { createContext, useContext, type ReactNode } from 'react';
import type { StoreApi, UseBoundStore } from 'zustand';
import type { AgentApi } from '../../../src/contract';
import type { WorkstationState } from '../stores/workstation-store';

interface AgentContextValue {
  agent: AgentApi;
  useWorkstation: UseBoundStore<StoreApi<WorkstationState>>;
}

const AgentContext = createContext<AgentContextValue | null>(null);

export function AgentProvider({ value, children }: { value: AgentContextValue; children: ReactNode }) {
  return <AgentContext.Provider value={value}>{children}</AgentContext.Provider>;
}

export function useAgentContext(): AgentContextValue {
  const ctx = useContext(AgentContext);
  if (!ctx) throw new Error('AgentProvider missing');
  return ctx;
}

export function useWorkstation<T>(select: (s: WorkstationState) => T): T {
  return useAgentContext().useWorkstation(select);
}
