import { useEffect, useRef, useState } from 'react';
import type { AgentApi, AgentErrorShape, CallbackRequest, DispositionCode, OpenWork } from '../../../src/contract';

/** "2026-11-24T07:00:00.000Z" ↔ the value of an <input type="datetime-local"> in the agent's zone. */
const toLocalInput = (iso: string) => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (v: string) => (v ? new Date(v).toISOString() : null);

/**
 * The wrap-up of the open call: disposition and callback, saved on every change so a crash
 * loses nothing, then submitted together with the draft note.
 */
export function WrapupForm({ agent, work, onDone }: { agent: AgentApi; work: OpenWork; onDone: () => void }) {
  const [codes, setCodes] = useState<DispositionCode[]>([]);
  const [disposition, setDisposition] = useState<string>(work.wrapup?.disposition ?? '');
  const [dueAt, setDueAt] = useState<string>(work.wrapup?.callback ? toLocalInput(work.wrapup.callback.dueAt) : '');
  const [cbNote, setCbNote] = useState<string>(work.wrapup?.callback?.note ?? '');
  const [error, setError] = useState<AgentErrorShape | null>(null);
  const [savedAt, setSavedAt] = useState<string | null>(work.wrapup?.savedAt ?? null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const callId = work.call.id;

  useEffect(() => {
    void agent.wrapup.dispositionCodes({}).then((r) => r.ok && setCodes(r.value));
  }, [agent]);

  const callback = (): CallbackRequest | null => {
    const iso = fromLocalInput(dueAt);
    return iso ? { dueAt: iso, note: cbNote } : null;
  };

  // Save shortly after each change, as the notes do; what was restored is already saved.
  const restoredState = useRef(true);
  useEffect(() => {
    if (restoredState.current) {
      restoredState.current = false;
      return;
    }
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      setSavedAt(null);
      void agent.wrapup.save({ callId, disposition: disposition || null, callback: callback() }).then((r) => {
        setError(r.ok ? null : r.error);
        if (r.ok) setSavedAt(r.value.savedAt);
      });
    }, 250);
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [agent, callId, disposition, dueAt, cbNote]);

  const needsCallback = codes.find((c) => c.code === disposition)?.needsCallback ?? false;
  const submit = async () => {
    const cb = callback();
    const r = await agent.wrapup.complete({ callId, disposition, ...(cb ? { callback: cb } : {}) });
    if (r.ok) onDone();
    else setError(r.error);
  };

  return (
    <form
      className="wrapup"
      aria-label="Wrap-up"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label className="field">
        <span>Disposition</span>
        <select aria-label="Disposition" value={disposition} onChange={(e) => setDisposition(e.target.value)}>
          <option value="">Choose…</option>
          {codes.map((c) => (
            <option key={c.code} value={c.code}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      {(needsCallback || dueAt) && (
        <>
          <label className="field">
            <span>Callback at</span>
            <input type="datetime-local" aria-label="Callback at" value={dueAt} onChange={(e) => setDueAt(e.target.value)} />
          </label>
          <label className="field">
            <span>Callback note</span>
            <input aria-label="Callback note" value={cbNote} maxLength={2000} onChange={(e) => setCbNote(e.target.value)} />
          </label>
        </>
      )}
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <span role="status" aria-label="Wrap-up save status">
        {savedAt ? `Wrap-up saved ${new Date(savedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })}` : ''}
      </span>
      <button type="submit" className="primary" disabled={!disposition || (needsCallback && !dueAt)}>
        Submit wrap-up
      </button>
    </form>
  );
}
