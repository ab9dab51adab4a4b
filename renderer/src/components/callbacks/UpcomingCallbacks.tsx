import { useCallback, useEffect, useState } from 'react';
import type { AgentApi, AgentErrorShape, UpcomingCallback } from '../../../../src/contract';
import { useAgentContext } from '../../agent/agent-context';
import { Panel } from '../Panel';
import { customerWhen, formatWhen } from './callback-time';

/** A desktop notification where the OS allows it (Electron grants it; a browser may ask once). */
function notifyDesktop(cb: UpcomingCallback): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const body = [cb.number, cb.note].filter(Boolean).join(' — ');
  // One per callback: a repeat (a restart) replaces it instead of stacking.
  new Notification(`Callback due: ${cb.contactName}`, { body, tag: `callback-${cb.id}` });
}

const isDue = (cb: UpcomingCallback, now = Date.now()) => new Date(cb.dueAt).getTime() <= now;

function CallbackWhen({ cb }: { cb: UpcomingCallback }) {
  const customer = customerWhen(cb.dueAt, cb.timezone);
  return (
    <span className="callback-when">
      <span aria-label="Your time">{formatWhen(cb.dueAt)}</span>
      {customer && (
        <span aria-label="Customer's local time" className="customer-time">
          {' '}
          · customer {customer}
        </span>
      )}
    </span>
  );
}

function useCallbacks(agent: AgentApi) {
  const [list, setList] = useState<UpcomingCallback[]>([]);
  const [reminders, setReminders] = useState<UpcomingCallback[]>([]);
  const [error, setError] = useState<AgentErrorShape | null>(null);

  const remind = useCallback((cb: UpcomingCallback) => {
    setReminders((rs) => (rs.some((r) => r.id === cb.id) ? rs : [...rs, cb]));
  }, []);

  const load = useCallback(async () => {
    const r = await agent.callbacks.upcoming({ limit: 20 });
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    setList(r.value);
    // Reminders only for callbacks still open; the core may have reminded before this window connected.
    setReminders((rs) => rs.filter((x) => r.value.some((c) => c.id === x.id)));
    for (const cb of r.value) if (isDue(cb)) remind(cb);
  }, [agent, remind]);

  useEffect(() => {
    if (typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
    void load();
    const offChanged = agent.on('callbacks.changed', () => void load());
    const offDue = agent.on('callbacks.due', (cb) => {
      remind(cb);
      notifyDesktop(cb);
    });
    return () => {
      offChanged();
      offDue();
    };
  }, [agent, load, remind]);

  const act = async (result: Promise<{ ok: boolean; error?: AgentErrorShape }>) => {
    const r = await result;
    if (!r.ok && r.error) setError(r.error);
    await load();
  };
  return {
    list,
    reminders,
    error,
    dismiss: (id: string) => setReminders((rs) => rs.filter((r) => r.id !== id)),
    dial: (cb: UpcomingCallback) => cb.number && void act(agent.phone.requestDial({ target: cb.number })),
    markDone: (cb: UpcomingCallback) => void act(agent.callbacks.markDone({ callbackId: cb.id })),
    cancel: (cb: UpcomingCallback) => void act(agent.callbacks.cancel({ callbackId: cb.id })),
  };
}

/** The agent's upcoming callbacks with click-to-dial, and a reminder when one comes due. */
export function UpcomingCallbacks() {
  const { agent } = useAgentContext();
  const { list, reminders, error, dismiss, dial, markDone, cancel } = useCallbacks(agent);
  return (
    <Panel title="Upcoming callbacks" className="callbacks">
      {reminders.map((cb) => (
        <div key={cb.id} role="alert" aria-label={`Callback due: ${cb.contactName}`} className="callback-reminder">
          <strong>Callback due: {cb.contactName}</strong> <CallbackWhen cb={cb} />
          {cb.note && <span className="callback-note"> — {cb.note}</span>}
          <div className="actions">
            {cb.number && (
              <button type="button" className="primary" onClick={() => dial(cb)} aria-label={`Call ${cb.contactName} now at ${cb.number}`}>
                Call now
              </button>
            )}
            <button type="button" onClick={() => dismiss(cb.id)} aria-label={`Dismiss reminder for ${cb.contactName}`}>
              Dismiss
            </button>
          </div>
        </div>
      ))}
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {list.length === 0 ? (
        <p className="empty">No callbacks scheduled.</p>
      ) : (
        <ul className="callback-list" aria-label="Upcoming callbacks">
          {list.map((cb) => (
            <li key={cb.id} aria-label={`Callback ${cb.contactName}`} className={isDue(cb) ? 'due' : undefined}>
              <div>
                <strong>{cb.contactName}</strong> <CallbackWhen cb={cb} />
              </div>
              {cb.note && <div className="callback-note">{cb.note}</div>}
              <div className="actions">
                {cb.number ? (
                  <button type="button" className="link" onClick={() => dial(cb)} aria-label={`Call ${cb.contactName} at ${cb.number}`}>
                    {cb.number}
                  </button>
                ) : (
                  <span>No number</span>
                )}
                <button type="button" onClick={() => markDone(cb)} aria-label={`Mark callback with ${cb.contactName} done`}>
                  Done
                </button>
                <button type="button" onClick={() => cancel(cb)} aria-label={`Cancel callback with ${cb.contactName}`}>
                  Cancel
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
