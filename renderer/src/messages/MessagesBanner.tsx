import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { desk, useMessages } from '../desk';
import { formatDateTime } from '../i18n/format';

/**
 * The supervisor's messages at the top of the desk: the oldest unacknowledged one as a banner
 * (acknowledge, with an optional one-line reply), the unread count, the list of earlier ones,
 * and the agent's "raise hand".
 */
export function MessagesBanner() {
  const { t } = useTranslation();
  const messages = useMessages((s) => s.messages);
  const unread = useMessages((s) => s.unread);
  const handRaised = useMessages((s) => s.handRaised);
  const [reply, setReply] = useState('');
  const [open, setOpen] = useState(false);
  const current = [...messages].reverse().find((m) => m.acknowledgedAt === null) ?? null;
  const { actions } = desk().messages;

  return (
    <section className="messages-bar" aria-label={t('messages.bar')}>
      <button type="button" className={handRaised ? 'hand raised' : 'hand'} aria-pressed={handRaised} onClick={() => actions.raiseHand(!handRaised)}>
        {handRaised ? t('messages.handRaised') : t('messages.raiseHand')}
      </button>
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)} aria-label={t('messages.unread', { count: unread })}>
        {t('messages.messages')} <span className="count">{unread}</span>
      </button>
      {current && (
        <div role="alert" aria-label={t('messages.fromSupervisor')} className="banner">
          <strong>
            <bdi>{current.from}</bdi>
          </strong>
          {current.teamName && t('messages.toTeam', { team: current.teamName })}: <bdi>{current.body}</bdi>
          <input aria-label={t('messages.reply')} dir="auto" value={reply} maxLength={280} onChange={(e) => setReply(e.target.value)} placeholder={t('messages.replyPlaceholder')} />
          <button
            type="button"
            onClick={() => {
              actions.acknowledge(current.id, reply);
              setReply('');
            }}
          >
            {t('messages.acknowledge')}
          </button>
        </div>
      )}
      {open && (
        <ul aria-label={t('messages.messages')} className="message-list">
          {messages.map((m) => (
            <li key={m.id}>
              <strong>
                <bdi>{m.from}</bdi>
              </strong>{' '}
              · {formatDateTime(m.sentAt)} — <bdi>{m.body}</bdi> {m.acknowledgedAt ? t('messages.acknowledged') : t('messages.unreadMark')}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
