import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { AgentProvider } from './agent/agent-context';
import { connectAgent } from './agent/connect-agent';
import { createWorkstationStore } from './stores/workstation-store';
import './styles.css';

const { agent, onConnectionChange } = connectAgent();
const { store, load } = createWorkstationStore(agent);
onConnectionChange((connected) => {
  store.setState({ connected });
  // After the host restarts, the socket comes back: reload the state it may have missed.
  if (connected) void load();
});
void load();

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
createRoot(root).render(
  <StrictMode>
    <AgentProvider value={{ agent, useWorkstation: store }}>
      <App />
    </AgentProvider>
  </StrictMode>,
);
