import { z } from 'zod';
import { NOTE_MAX_LENGTH } from '../shared/text-limits';
import { method } from './define';
import { Id, IsoTime } from '../shared/primitives';
import { MaskedNumbers } from '../shared/sensitive-numbers';

/** A note is about a call (and through it, its contact) or about a contact outside a call. */
export const NoteTarget = z.union([z.object({ callId: Id }).strict(), z.object({ contactId: Id }).strict()]);
export type NoteTarget = z.infer<typeof NoteTarget>;

export const NoteDraft = z.object({
  id: Id,
  callId: Id.nullable(),
  contactId: Id.nullable(),
  body: z.string(),
  /** The editor's own counter: a save older than the stored one is ignored. */
  revision: z.number().int().nonnegative(),
  savedAt: IsoTime,
});
export type NoteDraft = z.infer<typeof NoteDraft>;

export const Note = z.object({
  id: Id,
  callId: Id.nullable(),
  contactId: Id.nullable(),
  body: z.string(),
  createdAt: IsoTime,
});
export type Note = z.infer<typeof Note>;

export const notes = {
  /**
   * Resolves only once the draft is durable on disk (synchronous=FULL commit). Card and CNIC
   * numbers in the body are masked before it is stored; `masked` says how many.
   */
  saveDraft: method(
    z
      .object({
        target: NoteTarget,
        body: z.string().max(NOTE_MAX_LENGTH),
        revision: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
      })
      .strict(),
    z.object({ draft: NoteDraft, applied: z.boolean(), masked: MaskedNumbers }),
  ),
  getDraft: method(z.object({ target: NoteTarget }).strict(), NoteDraft.nullable()),
  /** Turns the draft into a note queued for the server, and ends the draft; card and CNIC numbers masked first. */
  finalize: method(
    z
      .object({
        target: NoteTarget,
        body: z
          .string()
          .max(NOTE_MAX_LENGTH)
          .refine((b) => b.trim().length > 0, 'a note cannot be empty'),
      })
      .strict(),
    Note,
  ),
  /** Oldest first. */
  list: method(z.object({ target: NoteTarget }).strict(), z.array(Note)),
} as const;
