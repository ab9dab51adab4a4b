import { useEffect, useState, type FormEvent } from 'react';
import { MESSAGE_MAX_LENGTH, type BoardAgent, type ConsoleTeam, type SentMessage } from '../../../src/contract';
import { consoleApi } from '../api';

/**
 * Messages to agents: send to a team or one agent; each sent message lists who acknowledged it
 * (and their replies). Reloaded whenever the board's stream says messages changed.
 */
export function Messages({ teams, agents, tick }: { teams: readonly ConsoleTeam[]; agents: readonly BoardAgent[]; tick: number }) {
  const [sent, setSent] = useState<SentMessage[]>([]);
  const [to, setTo] = useState('');
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void consoleApi.messages().then((r) => {
      if (r.ok) setSent(r.value);
    });
  }, [tick]);

  const target = to || (teams[0] ? `team:${teams[0].id}` : '');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const [kind, id] = target.split(':');
    if (!id) return;
    const r = await consoleApi.send({ teamId: kind === 'team' ? id : null, agentId: kind === 'agent' ? id : null }, body);
    if (!r.ok) return setError(r.message);
    setError(null);
    setBody('');
    const list = await consoleApi.messages();
    if (list.ok) setSent(list.value);
  };

  return (
    <section className="messages" aria-label="Messages to agents">
      <h2>Messages</h2>
      <form onSubmit={(e) => void submit(e)} aria-label="Send a message">
        <select aria-label="To" value={target} onChange={(e) => setTo(e.target.value)}>
          {teams.map((t) => (
            <option key={t.id} value={`team:${t.id}`}>
              Team {t.name}
            </option>
          ))}
          {agents.map((a) => (
            <option key={a.agentId} value={`agent:${a.agentId}`}>
              {a.displayName}
            </option>
          ))}
        </select>
        <input aria-label="Message" value={body} maxLength={MESSAGE_MAX_LENGTH} onChange={(e) => setBody(e.target.value)} placeholder="Message to agents" />
        <button type="submit" disabled={!body.trim() || !target}>
          Send
        </button>
        {error && <span role="alert" className="error">{error}</span>}
      </form>
      <ul aria-label="Sent messages">
        {sent.map((m) => {
          const acked = m.recipients.filter((r) => r.acknowledgedAt !== null);
          return (
            <li key={m.messageId} data-testid="sent-message">
              <span className="body">{m.body}</span>
              <span className="meta">
                {' '}
                to {m.teamName ? `team ${m.teamName}` : m.recipients[0]?.displayName} · {new Date(m.sentAt).toLocaleTimeString()} ·{' '}
                <span data-testid="acks">
                  {acked.length}/{m.recipients.length} acknowledged{acked.length > 0 ? `: ${acked.map((r) => r.displayName + (r.reply ? ` (“${r.reply}”)` : '')).join(', ')}` : ''}
                </span>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
