import { z } from 'zod';

/**
 * The length limits of what an agent types, one number per fact: the agent API, the sync wire
 * protocol and the UI's fields all read them from here, so a text the UI lets through is never
 * refused further down (a note the editor accepts is a note the server accepts).
 */

/** A note's body, in UTF-16 code units (what `String.length` and a textarea's maxLength count). */
export const NOTE_MAX_LENGTH = 20_000;

/** One answer of a call script's field. */
export const SCRIPT_ANSWER_MAX_LENGTH = 5_000;

/** How many answers one script run may hold (a script has at most 200 pages of at most 50 fields; runs answer far fewer). */
export const SCRIPT_ANSWERS_MAX_COUNT = 200;

/** The note the agent leaves on a scheduled callback. */
export const CALLBACK_NOTE_MAX_LENGTH = 2_000;

/** A contact's first or last name. */
export const CONTACT_NAME_MAX_LENGTH = 100;

/** A contact's company. */
export const CONTACT_COMPANY_MAX_LENGTH = 200;

/** An email address (RFC 5321 §4.5.3.1: 64 + 1 + 255, rounded up as commonly done). */
export const EMAIL_MAX_LENGTH = 320;

/** An IANA time zone name. */
export const TIMEZONE_MAX_LENGTH = 64;

/** The words of a contact search. */
export const SEARCH_QUERY_MAX_LENGTH = 200;

/** The reason an agent gives for skipping a preview lead. */
export const SKIP_REASON_MAX_LENGTH = 200;

/** A sign-in username and password. */
export const USERNAME_MAX_LENGTH = 100;
export const PASSWORD_MAX_LENGTH = 1_000;

/** One script answer as typed or chosen. */
export const ScriptAnswer = z.string().max(SCRIPT_ANSWER_MAX_LENGTH);

/** A script run's answers keyed by field id, as saved with the script position and pushed with the call. */
export const ScriptAnswerMap = z
  .record(z.string().trim().min(1).max(64), ScriptAnswer)
  .refine((a) => Object.keys(a).length <= SCRIPT_ANSWERS_MAX_COUNT, `at most ${SCRIPT_ANSWERS_MAX_COUNT} answers`);
