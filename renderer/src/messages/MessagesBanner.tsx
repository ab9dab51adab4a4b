import { useState } from 'react';
import { desk, useMessages } from '../desk';

/**
 * The supervisor's messages at the top of the desk: the oldest unacknowledged one as a banner
 * (acknowledge, with an optional one-line reply), the unread count, the list of earlier ones,
 * and the agent's "raise hand".
 */
export function MessagesBanner() {
  const messages = useMessages((s) => s.messages);
  const unread = useMessages((s) => s.unread);
  const handRaised = useMessages((s) => s.handRaised);
  const [reply, setReply] = useState('');
  const [open, setOpen] = useState(false);
  const current = [...messages].reverse().find((m) => m.acknowledgedAt === null) ?? null;
  const { actions } = desk().messages;

  return (
    <section className="messages-bar" aria-label="Messages from your supervisor">
      <button type="button" className={handRaised ? 'hand raised' : 'hand'} aria-pressed={handRaised} onClick={() => actions.raiseHand(!handRaised)}>
        {handRaised ? 'Hand raised' : 'Raise hand'}
      </button>
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)} aria-label={`Messages, ${unread} unread`}>
        Messages <span className="count">{unread}</span>
      </button>
      {current && (
        <div role="alert" aria-label="Message from your supervisor" className="banner">
          <strong>{current.from}</strong>
          {current.teamName ? ` to ${current.teamName}` : ''}: {current.body}
          <input aria-label="Reply" value={reply} maxLength={280} onChange={(e) => setReply(e.target.value)} placeholder="Reply (optional)" />
          <button
            type="button"
            onClick={() => {
              actions.acknowledge(current.id, reply);
              setReply('');
            }}
          >
            Acknowledge
          </button>
        </div>
      )}
      {open && (
        <ul aria-label="Messages" className="message-list">
          {messages.map((m) => (
            <li key={m.id}>
              <strong>{m.from}</strong> · {new Date(m.sentAt).toLocaleString()} — {m.body} {m.acknowledgedAt ? '(acknowledged)' : '(unread)'}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
