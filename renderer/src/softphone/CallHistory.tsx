import { useEffect } from 'react';
import { desk, usePhone } from '../desk';
import { formatDuration } from './CallTimer';
import { placeCall } from './softphone';

/** Recent calls from the local store, newest first, each with a redial button. */
export function CallHistory() {
  const { engine } = desk().phone;
  const history = usePhone((s) => s.history);
  useEffect(() => void engine.refreshHistory(), [engine]);
  return (
    <section className="call-history" aria-label="Call history">
      <h3>Recent calls</h3>
      {history.length === 0 ? (
        <p className="muted">No calls yet.</p>
      ) : (
        <ul>
          {history.map((c) => (
            <li key={c.id} aria-label={`${c.direction === 'inbound' ? 'Inbound' : 'Outbound'} call ${c.remoteNumber}`}>
              <span className="dir">{c.direction === 'inbound' ? '↙' : '↗'}</span>
              <span className="who">{c.contactName ?? c.remoteNumber}</span>
              <time dateTime={c.startedAt}>{new Date(c.startedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</time>
              <span className="outcome">
                {c.answeredAt && c.endedAt
                  ? `${formatDuration(Date.parse(c.endedAt) - Date.parse(c.answeredAt))}${c.endCause ? ` · ${c.endCause}` : ''}`
                  : (c.endCause ?? (c.endedAt ? 'Missed' : 'In progress'))}
              </span>
              <button type="button" aria-label={`Redial ${c.remoteNumber}`} onClick={() => void placeCall(c.remoteNumber)}>
                Redial
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
