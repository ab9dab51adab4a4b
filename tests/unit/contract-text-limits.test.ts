/**
 * One limit per typed text: what the script, the note editor or the callback form accepts is
 * accepted by every schema it passes through on its way to the server (agent API → outbox →
 * wire protocol), and one character more is refused by each.
 */
import { describe, expect, it } from 'vitest';
import {
  CALLBACK_NOTE_MAX_LENGTH,
  CallbackRequest,
  Mutation,
  NOTE_MAX_LENGTH,
  SCRIPT_ANSWER_MAX_LENGTH,
  ScriptAnswers,
  ScriptPositionInput,
  notes,
} from '../../src/contract';

const callId = '6f1c2a4e-1b2c-4d5e-8f90-123456789abc';
const at = '2026-11-30T12:00:00.000Z';

describe('text limits are one number per fact', () => {
  it.each([SCRIPT_ANSWER_MAX_LENGTH, SCRIPT_ANSWER_MAX_LENGTH + 1])('a script answer of %i characters is judged alike by the script, the saved position and the push', (length) => {
    const answers = { q1: 'a'.repeat(length) };
    const allowed = length <= SCRIPT_ANSWER_MAX_LENGTH;
    expect(ScriptAnswers.safeParse(answers).success).toBe(allowed);
    expect(ScriptPositionInput.safeParse({ callId, scriptId: 's1', scriptVersion: 1, stepId: 'p1', answers }).success).toBe(allowed);
    expect(
      Mutation.safeParse({ kind: 'script.answers', callId, scriptId: 's1', scriptVersion: 1, answers, finishedAt: at }).success,
    ).toBe(allowed);
  });

  it.each([NOTE_MAX_LENGTH, NOTE_MAX_LENGTH + 1])('a note of %i characters is judged alike by the editor API and the push', (length) => {
    const body = 'n'.repeat(length);
    const allowed = length <= NOTE_MAX_LENGTH;
    expect(notes.finalize.input.safeParse({ target: { callId }, body }).success).toBe(allowed);
    expect(Mutation.safeParse({ kind: 'note.append', noteId: callId, callId, contactId: null, body, createdAt: at }).success).toBe(allowed);
  });

  it.each([CALLBACK_NOTE_MAX_LENGTH, CALLBACK_NOTE_MAX_LENGTH + 1])('a callback note of %i characters is judged alike by the wrap-up and the push', (length) => {
    const note = 'c'.repeat(length);
    const allowed = length <= CALLBACK_NOTE_MAX_LENGTH;
    expect(CallbackRequest.safeParse({ dueAt: at, note }).success).toBe(allowed);
    expect(
      Mutation.safeParse({ kind: 'callback.schedule', callbackId: callId, contactId: callId, callId: null, dueAt: at, note }).success,
    ).toBe(allowed);
  });
});
