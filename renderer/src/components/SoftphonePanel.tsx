import { useState } from 'react';
import { Panel } from './Panel';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** The softphone's place in the desk; the phone engine drives it once a SIP account is set. */
export function SoftphonePanel() {
  const [number, setNumber] = useState('');
  return (
    <Panel title="Softphone" className="softphone">
      <label className="field">
        <span>Number</span>
        <input value={number} onChange={(e) => setNumber(e.target.value)} inputMode="tel" aria-label="Number to dial" />
      </label>
      <div className="dialpad" role="group" aria-label="Dialpad">
        {KEYS.map((k) => (
          <button key={k} type="button" onClick={() => setNumber((n) => n + k)} aria-label={`Digit ${k}`}>
            {k}
          </button>
        ))}
      </div>
      <button type="button" className="primary" disabled title="No SIP account is configured yet">
        Call
      </button>
    </Panel>
  );
}
