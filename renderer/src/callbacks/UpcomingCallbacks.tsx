import type { UpcomingCallback } from '../../../src/contract';
import { desk, useCallbacks } from '../desk';
import { Panel } from '../shared/Panel';
import { placeCall } from '../softphone/softphone';
import { customerWhen, formatWhen } from './callback-time';
import { isDue } from './callbacks-store';

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

/** The agent's upcoming callbacks with click-to-dial, and a reminder when one comes due. */
export function UpcomingCallbacks() {
  const { dismiss, markDone, cancel } = desk().callbacks.actions;
  const list = useCallbacks((s) => s.list);
  const reminders = useCallbacks((s) => s.reminders);
  const error = useCallbacks((s) => s.error);
  const dial = (cb: UpcomingCallback) => cb.number && void placeCall(cb.number);
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
