import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectAgent } from './agent/connect-agent';
import { startDesk } from './desk';
import { liveCalls } from './phone/phone-store';
import { startLaptopReports } from './status-bar/laptop-reports';
import { startLanguage } from './i18n/i18n';
import './i18n/fonts';
import './styles.css';

const { agent, onConnectionChange, onTakenOver } = connectAgent();
// The agent's own pick at once; IT's preset (the admin policy's `locale`) once the core answers.
void startLanguage();
void agent.app.policy({}).then((r) => {
  if (r.ok) void startLanguage(r.value.policy.locale ?? null);
});
const { workstation, phone } = startDesk(agent);
const laptop = startLaptopReports(agent);
// The calls this page's phone holds: any other call the core still has open died with the
// workstation (a killed host or window) and is ended as "Workstation restarted".
const reportLiveCalls = () => void agent.calls.endOrphans({ liveCallIds: liveCalls(phone.store.getState()).map((c) => c.id) });
onConnectionChange((connected) => {
  workstation.store.setState({ connected });
  // After the host restarts, the socket comes back: reload the state it may have missed, and
  // tell the new core what only the page sees.
  if (connected) {
    reportLiveCalls();
    void workstation.actions.load();
    laptop.resend();
  }
});
// One agent, one live phone: the window that lost the desk unregisters its phone and says so.
onTakenOver(() => {
  phone.engine.shutdown();
  laptop.stop();
  workstation.store.setState({ takenOver: true, connected: false });
});
reportLiveCalls();
void workstation.actions.load();

// Another agent signed in, or the agent signed out: the core now serves another store (one per
// agent, src/core/workstation.ts), so the page starts over and keeps nothing of the previous
// agent's in memory. The demo profile has one agent and one store.
let agentShown: string | null | undefined;
void agent.session.get({}).then((r) => {
  if (r.ok && agentShown === undefined) agentShown = r.value.agent?.id ?? null;
});
agent.on('session.changed', (session) => {
  const id = session.agent?.id ?? null;
  if (!session.demo && agentShown !== undefined && id !== agentShown) window.location.reload();
  agentShown = id;
});

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
