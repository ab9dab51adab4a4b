import type { ChangeEntity, Mutation, MutationKind } from '../contract';
import { callbackRules, writeCallbacks } from './callbacks';
import { callRules, writeCalls } from './calls';
import { contactRules, writeContactHistory, writeContacts } from './contacts';
import { dispositionRules, writeDispositions } from './dispositions';
import { leadRules, writeLeads } from './leads';
import { messageRules, writeMessageAcks } from './console/messages';
import { noteRules, writeNotes } from './notes';
import { presenceRules } from './presence';
import type { Batch, Rule, RowsToLoad, Writer } from './push-batch';
import { scriptAnswerRules } from './script-answers';

/**
 * What the server does with each pushed mutation kind, and how each changed entity is written
 * and logged. Both tables are typed over every kind and entity in the contract, so a new synced
 * entity does not compile until it has its rule and its writer (or says it is not pushed).
 */
export const RULES: { [K in MutationKind]: Rule<K> } = {
  ...contactRules,
  ...callRules,
  ...noteRules,
  ...dispositionRules,
  ...callbackRules,
  ...presenceRules,
  ...scriptAnswerRules,
  ...leadRules,
  ...messageRules,
};

const ruleFor = (m: Mutation) => RULES[m.kind] as Rule<MutationKind>;

/** Names the rows a mutation's rule will need. */
export const collectRows = (m: Mutation, rows: RowsToLoad): void => ruleFor(m).load?.(m as never, rows);

/** Applies one mutation to the batch, or throws an AgentError and leaves the batch as it was. */
export const applyMutation = (b: Batch, m: Mutation): void => ruleFor(m).apply(b, m as never);

/**
 * The writer of each change entity a push can produce, in the order they run: parents before
 * what refers to them (contacts before their history and calls, calls before notes,
 * dispositions and callbacks). Scripts, campaigns and the DNC list are written by the
 * supervisor's tools (campaigns.ts, seed.ts), never by an agent's push.
 */
export const WRITERS: { [E in ChangeEntity]: Writer | 'not pushed' } = {
  contact: writeContacts,
  'contact.history': writeContactHistory,
  call: writeCalls,
  note: writeNotes,
  disposition: writeDispositions,
  callback: writeCallbacks,
  lead: writeLeads,
  script: 'not pushed',
  campaign: 'not pushed',
  dnc: 'not pushed',
  message: writeMessageAcks,
};
