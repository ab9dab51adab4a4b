import { useEffect, useRef, useState } from 'react';
import { focusPlace } from '../keyboard/shortcut-match';
import { useShortcut } from '../keyboard/use-shortcut';
import type { PhoneEngine } from '../phone/phone-engine';
import type { CallView } from '../phone/phone-store';
import { CallTimer } from './CallTimer';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

function phaseText(c: CallView): string {
  switch (c.phase) {
    case 'dialing':
      return 'Calling…';
    case 'ringing':
      return 'Ringing…';
    case 'incoming':
      return 'Incoming call';
    case 'answering':
      return 'Connecting…';
    case 'active':
      if (c.transfer === 'pending') return 'Transferring…';
      // Both sides holding: resuming ours alone will not bring the customer's voice back.
      if (c.held) return c.remoteHeld ? 'On hold · also held by the other party' : 'On hold';
      if (c.remoteHeld) return 'Held by the other party';
      return 'Connected';
    case 'ended':
      return `Ended: ${c.endCause ?? ''}`;
  }
}

/** One call's controls. Names are per-call so a second (waiting) call has its own set. */
export function ActiveCall({ call, engine, other }: { call: CallView; engine: PhoneEngine; other: CallView | null }) {
  const [showKeypad, setShowKeypad] = useState(false);
  const [transferTo, setTransferTo] = useState('');
  const who = call.remoteName ? `${call.remoteName} (${call.remoteNumber})` : call.remoteNumber;
  const active = call.phase === 'active';
  const answerHint = useShortcut('answer', 'Answer');
  const declineHint = useShortcut('decline', 'Decline');
  const hangupHint = useShortcut('hangup', 'Hang up');
  const holdHint = useShortcut('hold', call.held ? 'Resume' : 'Hold');
  const muteHint = useShortcut('mute', call.muted ? 'Unmute' : 'Mute');
  const keypadHint = useShortcut('dialpad', 'Keypad');
  const transferHint = useShortcut('transfer', 'Transfer to');
  // A call rings: the focus goes to Answer, so Enter or Space answers — unless the agent is typing
  // (a second call during the notes of the first), whose next keystroke must not answer it.
  const answerRef = useRef<HTMLButtonElement>(null);
  const ringing = call.phase === 'incoming';
  useEffect(() => {
    if (ringing && focusPlace(document.activeElement as HTMLElement | null) !== 'text') answerRef.current?.focus();
  }, [ringing]);
  return (
    <section className={`call call-${call.phase}`} aria-label={`Call with ${call.remoteNumber}`}>
      <div className="call-head">
        <strong>{who}</strong>
        {/* The number the customer dialed (DNIS): which campaign or line the call came in on. */}
        {call.direction === 'inbound' && call.localNumber && (
          <span className="call-dnis" aria-label="Dialed number">
            on {call.localNumber}
          </span>
        )}
        <span role="status" aria-label="Call state">
          {phaseText(call)}
        </span>
        {active && call.answeredAt !== null && <CallTimer since={call.answeredAt} />}
        {/* Plain indicators, not only a changed button label: the agent sees at a glance. */}
        {call.held && (
          <span className="call-flag call-flag-held" aria-label="Call held">
            On hold
          </span>
        )}
        {call.muted && (
          <span className="call-flag call-flag-muted" aria-label="Microphone muted">
            Muted
          </span>
        )}
        {active && call.quality && (
          <span
            className={`quality quality-${call.quality.level}`}
            aria-label="Call quality"
            title={`RTT ${call.quality.rttSeconds === null ? '?' : Math.round(call.quality.rttSeconds * 1000)} ms · jitter ${
              call.quality.jitterSeconds === null ? '?' : Math.round(call.quality.jitterSeconds * 1000)
            } ms · loss ${call.quality.lossFraction === null ? '?' : (call.quality.lossFraction * 100).toFixed(1)} % · media path ${
              call.mediaPath ?? '?'
            }`}
          >
            Quality {call.quality.level} · MOS {call.quality.mos.toFixed(1)}
            {/* Relayed audio adds a hop: worth knowing when the agent reports a poor line. */}
            {call.mediaPath === 'relay' && ' · via TURN relay'}
          </span>
        )}
        {call.audioProfile === 'low-bandwidth' && (
          <span role="status" aria-label="Call audio" className="warning" title="Opus at 16 kbit/s with error correction, 60 ms packets: for a poor or busy line.">
            Low-bandwidth audio
          </span>
        )}
      </div>
      <div className="call-actions">
        {call.phase === 'incoming' && (
          <>
            <button ref={answerRef} type="button" className="primary" {...answerHint} onClick={() => engine.answer(call.id)}>
              Answer
            </button>
            <button type="button" {...declineHint} onClick={() => engine.decline(call.id)}>
              Decline
            </button>
          </>
        )}
        {call.phase !== 'incoming' && call.phase !== 'ended' && (
          <button type="button" className="danger" {...hangupHint} onClick={() => engine.hangup(call.id)}>
            Hang up
          </button>
        )}
        {active && (
          <>
            <button type="button" aria-pressed={call.held} {...holdHint} onClick={() => (call.held ? engine.resume(call.id) : engine.hold(call.id))}>
              {call.held ? 'Resume' : 'Hold'}
            </button>
            <button type="button" aria-pressed={call.muted} {...muteHint} onClick={() => engine.setMuted(call.id, !call.muted)}>
              {call.muted ? 'Unmute' : 'Mute'}
            </button>
            <button type="button" aria-expanded={showKeypad} {...keypadHint} onClick={() => setShowKeypad((v) => !v)}>
              Keypad
            </button>
          </>
        )}
      </div>
      {active && showKeypad && (
        <div className="dialpad" role="group" aria-label="Call keypad">
          {KEYS.map((k) => (
            <button key={k} type="button" aria-label={`Send tone ${k}`} onClick={() => engine.sendDtmf(call.id, k)}>
              {k}
            </button>
          ))}
          <output aria-label="Tones sent">{call.dtmfSent}</output>
        </div>
      )}
      {call.dtmfReceived && <output aria-label="Tones received">{call.dtmfReceived}</output>}
      {active && (
        <form
          className="transfer"
          onSubmit={(e) => {
            e.preventDefault();
            if (engine.transfer(call.id, transferTo)) setTransferTo('');
          }}
        >
          <input aria-label="Transfer to" {...transferHint} value={transferTo} onChange={(e) => setTransferTo(e.target.value)} inputMode="tel" />
          <button type="submit" disabled={!transferTo.trim()}>
            Transfer
          </button>
          {other && other.phase === 'active' && (
            <button type="button" onClick={() => engine.completeAttendedTransfer(call.id, other.id)}>
              Connect to {other.remoteNumber}
            </button>
          )}
        </form>
      )}
    </section>
  );
}
