import { createStore } from 'zustand/vanilla';
import type { AgentApi, AgentErrorShape, MessageList, Result } from '../../../src/contract';

export interface MessagesState extends MessageList {
  readonly error: AgentErrorShape | null;
}

/**
 * Supervisors' messages and the agent's raised hand: loaded at once, reloaded on
 * `messages.changed` (a pull brought one, or it was acknowledged).
 */
export function createMessagesStore(agent: AgentApi) {
  const store = createStore<MessagesState>()(() => ({ messages: [], unread: 0, handRaised: false, error: null }));
  const load = async () => {
    const r = await agent.messages.list({});
    store.setState(r.ok ? { ...r.value, error: null } : { error: r.error });
  };
  const act = async (result: Promise<Result<unknown>>) => {
    const r = await result;
    if (!r.ok) store.setState({ error: r.error });
    await load();
  };
  const actions = {
    acknowledge: (id: string, reply?: string) => void act(agent.messages.acknowledge({ id, ...(reply?.trim() ? { reply: reply.trim() } : {}) })),
    raiseHand: (raised: boolean) => void act(agent.messages.raiseHand({ raised })),
  };
  agent.on('messages.changed', (list) => store.setState({ ...list, error: null }));
  void load();
  return { store, actions };
}
