import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectAgent } from './agent/connect-agent';
import { startDesk } from './desk';
import { liveCalls } from './phone/phone-store';
import { startLaptopReports } from './status-bar/laptop-reports';
import { startLineQualityReports } from './status-bar/line-quality-report';
import { startLanguage } from './i18n/i18n';
import './i18n/fonts';
import './styles.css';

const { agent, onConnectionChange, onTakenOver, onRefused } = connectAgent();
// The agent's own pick at once; IT's preset (the admin policy's `locale`) once the core answers.
void startLanguage();
void agent.app.policy({}).then((r) => {
  if (r.ok) void startLanguage(r.value.policy.locale ?? null);
});
const { workstation, phone } = startDesk(agent);
const laptop = startLaptopReports(agent);
const lineReports = startLineQualityReports(agent, phone.store);
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
    lineReports.resend();
  }
});
// One agent, one live phone: the window that lost the desk unregisters its phone and says so.
onTakenOver(() => {
  phone.engine.shutdown();
  laptop.stop();
  lineReports.stop();
  workstation.store.setState({ takenOver: true, connected: false });
});
// The other window is on a call or in its wrap-up: this one leaves the desk to it and says why.
onRefused((why) => {
  phone.engine.shutdown();
  laptop.stop();
  workstation.store.setState({ refused: why, connected: false });
});
reportLiveCalls();
void workstation.actions.load();

// Another agent signed in, or the agent signed out: the core now serves another store (one per
// agent, src/core/workstation.ts), so the page starts over and keeps nothing of the previous
// agent's in memory. The demo profile has one agent and one store.
// The core itself never changes agent under open work (a session the server ends waits for the
// call and its wrap-up); should the change still come with a call live here, the reload waits for
// the phone to have none, so a customer call is never dropped by it.
let agentShown: string | null | undefined;
let reloadPending = false;
const reloadWhenNoCall = () => {
  if (liveCalls(phone.store.getState()).length === 0) window.location.reload();
  else if (!reloadPending) {
    reloadPending = true;
    const stop = phone.store.subscribe((state) => {
      if (liveCalls(state).length > 0) return;
      stop();
      window.location.reload();
    });
  }
};
void agent.session.get({}).then((r) => {
  if (r.ok && agentShown === undefined) agentShown = r.value.agent?.id ?? null;
});
agent.on('session.changed', (session) => {
  const id = session.agent?.id ?? null;
  if (!session.demo && agentShown !== undefined && id !== agentShown) reloadWhenNoCall();
  agentShown = id;
});

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
