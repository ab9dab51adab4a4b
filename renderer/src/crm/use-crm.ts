import { useStore } from 'zustand';
import type { AgentApi } from '../../../src/contract';
import { createCrm, type Crm, type CrmState } from './crm-store';

let crm: Crm | null = null;

/** One CRM state per page: a screen pop must land whether or not the panel is mounted yet. */
export function getCrm(agent: AgentApi): Crm {
  crm ??= createCrm(agent);
  return crm;
}

export function useCrm<T>(agent: AgentApi, select: (s: CrmState) => T): T {
  return useStore(getCrm(agent).store, select);
}
