import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectAgent } from './agent/connect-agent';
import { startDesk } from './desk';
import { liveCalls } from './phone/phone-store';
import './styles.css';

const { agent, onConnectionChange, onTakenOver } = connectAgent();
const { workstation, phone } = startDesk(agent);
// The calls this page's phone holds: any other call the core still has open died with the
// workstation (a killed host or window) and is ended as "Workstation restarted".
const reportLiveCalls = () => void agent.calls.endOrphans({ liveCallIds: liveCalls(phone.store.getState()).map((c) => c.id) });
onConnectionChange((connected) => {
  workstation.store.setState({ connected });
  // After the host restarts, the socket comes back: reload the state it may have missed.
  if (connected) {
    reportLiveCalls();
// One agent, one live phone: the window that lost the desk unregisters its phone and says so.
onTakenOver(() => {
  phone.engine.shutdown();
  workstation.store.setState({ takenOver: true, connected: false });
});
    void workstation.actions.load();
  }
});
reportLiveCalls();
void workstation.actions.load();

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
