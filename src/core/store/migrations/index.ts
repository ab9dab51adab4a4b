import { m001Foundation } from './001-foundation';
import { m002Crm } from './002-crm';
import { m003Sync } from './003-sync';
import { m004CallOrigin } from './004-call-origin';
import { m005Campaigns } from './005-campaigns';
import { m006ScriptProblems } from './006-script-problems';
import { m007Dialing } from './007-dialing';
import { m008CallHoldTime } from './008-call-hold-time';
import { m009PullPosition } from './009-pull-position';
import { m010CallOutcome } from './010-call-outcome';
import { m011Messages } from './011-messages';
import { m012SearchIndexBatches } from './012-search-index-batches';
import { m013SearchIndexPending } from './013-search-index-pending';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Numbered, append-only. Never edit a migration that has shipped; add the next one. */
export const migrations: readonly Migration[] = [m001Foundation, m002Crm, m003Sync, m004CallOrigin, m005Campaigns, m006ScriptProblems, m007Dialing, m008CallHoldTime, m009PullPosition, m010CallOutcome, m011Messages, m012SearchIndexBatches, m013SearchIndexPending];
