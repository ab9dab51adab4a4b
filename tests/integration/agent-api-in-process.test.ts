import { createAgentApi, type AgentTransport } from '../../src/contract';
import { startDemoCore } from '../support/test-core';
import { agentApiContract } from './agent-api.contract';

agentApiContract('the in-process dispatcher', async () => {
  const { core } = await startDemoCore();
  const transport: AgentTransport = {
    request: (method, input) => core.dispatch(method, input, { transport: 'in-process' }),
    subscribe: (listener) => core.subscribe(listener),
  };
  return { agent: createAgentApi(transport), transport, close: async () => core.close() };
});
