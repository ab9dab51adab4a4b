import { api, events, type AgentApi } from '../agent-api/api';
import type { Result } from '../shared/errors';

/** What a transport must offer to become window.agent. */
export interface AgentTransport {
  request(method: string, input: unknown): Promise<Result<unknown>>;
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
}

/**
 * Builds window.agent from the contract: a plain object of functions (contextBridge copies
 * plain objects, not proxies), one per method, each resolving to a Result.
 */
export function createAgentApi(transport: AgentTransport): AgentApi {
  const client: Record<string, unknown> = {};
  for (const [groupName, group] of Object.entries(api)) {
    const methods: Record<string, (input?: unknown) => Promise<Result<unknown>>> = {};
    for (const methodName of Object.keys(group)) {
      methods[methodName] = (input?: unknown) => transport.request(`${groupName}.${methodName}`, input ?? {});
    }
    client[groupName] = methods;
  }
  client.on = (name: string, listener: (payload: unknown) => void) => {
    const schema = (events as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>)[name];
    if (!schema) throw new Error(`unknown agent event: ${name}`);
    return transport.subscribe((eventName, payload) => {
      if (eventName !== name) return;
      const parsed = schema.safeParse(payload);
      if (parsed.success) listener(parsed.data);
    });
  };
  return client as AgentApi;
}
