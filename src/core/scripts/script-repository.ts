import {
  AgentError,
  type CallScriptDocument,
  type CallScriptView,
  type ScriptProblem,
  type ScriptRun,
  type ServerScript,
} from '../../contract';
import type { CallRepository } from '../calls/call-repository';
import type { CampaignRepository } from '../campaigns/campaign-repository';
import type { ContactRepository } from '../contacts/contact-repository';
import type { Db } from '../store/database';
import { Outbox } from '../sync/outbox';
import { checkScript, refusalSummary } from './script-validation';
import { scriptVariables } from './script-variables';

interface ScriptRow {
  id: string;
  version: number;
  name: string;
  body: string;
}
interface ProblemRow {
  script_id: string;
  version: number;
  name: string;
  message: string;
  refused_at: string;
  in_use: number | null;
}
export interface ScriptRunRow {
  call_id: string;
  script_id: string;
  script_version: number;
  step_id: string;
  answers: string;
  updated_at: string;
  finished_at: string | null;
}

const toProblem = (r: ProblemRow): ScriptProblem => ({
  scriptId: r.script_id,
  version: r.version,
  name: r.name,
  message: r.message,
  refusedAt: r.refused_at,
  inUseVersion: r.in_use,
  summary: refusalSummary({ name: r.name, scriptId: r.script_id, version: r.version, message: r.message, inUseVersion: r.in_use }),
});

/** The columns of a script_runs row, read the same way by this module and by wrap-up. */
export const SCRIPT_RUN_COLUMNS = 'call_id, script_id, script_version, step_id, answers, updated_at, finished_at';

export const toScriptRun = (r: ScriptRunRow): ScriptRun => ({
  callId: r.call_id,
  scriptId: r.script_id,
  scriptVersion: r.script_version,
  stepId: r.step_id,
  answers: JSON.parse(r.answers) as Record<string, string>,
  savedAt: r.updated_at,
  finishedAt: r.finished_at,
});

const PROBLEMS = `SELECT p.script_id, p.version, p.name, p.message, p.refused_at, s.version AS in_use
  FROM script_problems p LEFT JOIN scripts s ON s.id = p.script_id`;

/**
 * Installs a pulled script version if it validates and is not older than the installed one;
 * otherwise records why it was refused and leaves the installed version in use. Runs inside
 * pull-apply's page transaction, so the refusal and the cursor move commit together.
 */
export function installScript(db: Db, s: ServerScript, now: Date = new Date()): { installed: boolean; problem: string | null } {
  const installed = db.prepare<[string], { version: number }>('SELECT version FROM scripts WHERE id = ?').get(s.id)?.version ?? null;
  if (installed !== null && s.version < installed) return { installed: false, problem: null };
  const check = checkScript(s);
  if (!check.ok) {
    db.prepare(
      `INSERT INTO script_problems (script_id, version, name, message, refused_at) VALUES (@id, @version, @name, @message, @now)
       ON CONFLICT (script_id, version) DO UPDATE SET name = excluded.name, message = excluded.message, refused_at = excluded.refused_at`,
    ).run({ id: s.id, version: s.version, name: s.name, message: check.message, now: now.toISOString() });
    return { installed: false, problem: check.message };
  }
  db.prepare(
    `INSERT INTO scripts (id, version, name, body, updated_at) VALUES (@id, @version, @name, @body, @updatedAt)
     ON CONFLICT (id) DO UPDATE SET version = excluded.version, name = excluded.name, body = excluded.body, updated_at = excluded.updated_at`,
  ).run(s);
  // A refusal of this version or an older one no longer matters: something as new is in use.
  db.prepare<[string, number]>('DELETE FROM script_problems WHERE script_id = ? AND version <= ?').run(s.id, s.version);
  return { installed: true, problem: null };
}

/**
 * Ends a call's script run and queues its answers for the server, inside the caller's
 * transaction (scripts.finish, or wrapup.complete submitting the call). Only the first finish
 * queues anything, so the answers reach the server once.
 */
export function finishScriptRun(db: Db, callId: string, now: Date): ScriptRunRow | null {
  if (!db.inTransaction) throw new Error('finishScriptRun must run inside the transaction that submits the call');
  const row = db
    .prepare<[string], ScriptRunRow>(`SELECT ${SCRIPT_RUN_COLUMNS} FROM script_runs WHERE call_id = ?`)
    .get(callId);
  if (!row || row.finished_at !== null) return row ?? null;
  const finishedAt = now.toISOString();
  db.prepare<[string, string]>('UPDATE script_runs SET finished_at = ? WHERE call_id = ?').run(finishedAt, callId);
  Outbox.for(db).queue({
      kind: 'script.answers',
      callId,
      scriptId: row.script_id,
      scriptVersion: row.script_version,
      answers: JSON.parse(row.answers) as Record<string, string>,
      finishedAt,
    },
    now,
  );
  return { ...row, finished_at: finishedAt };
}

/**
 * Call scripts on this workstation: pulled versions are validated before they are installed
 * (a refused one is recorded and the previous version stays), validated again when read, and
 * put together with a call's variables and the agent's run for the script panel.
 */
export class ScriptRepository {
  private readonly s;

  private readonly outbox: Outbox;

  constructor(
    private readonly db: Db,
    private readonly deps: {
      calls: CallRepository;
      contacts: ContactRepository;
      campaigns: CampaignRepository;
      agentName: () => string | null;
    },
  ) {
    this.outbox = Outbox.for(db);
    this.s = {
      script: db.prepare<[string], ScriptRow>('SELECT id, version, name, body FROM scripts WHERE id = ?'),
      problems: db.prepare<[], ProblemRow>(`${PROBLEMS} ORDER BY p.refused_at DESC, p.script_id`),
      problemsOf: db.prepare<[string], ProblemRow>(`${PROBLEMS} WHERE p.script_id = ? ORDER BY p.version DESC`),
      run: db.prepare<[string], ScriptRunRow>(`SELECT ${SCRIPT_RUN_COLUMNS} FROM script_runs WHERE call_id = ?`),
    };
  }

  /** The installed document, validated again on the way out: a damaged row is SCRIPT_INVALID, never a half-drawn script. */
  get(id: string): CallScriptDocument | null {
    const row = this.s.script.get(id);
    if (!row) return null;
    const check = checkScript(row);
    if (!check.ok) {
      throw new AgentError('SCRIPT_INVALID', `The stored script "${row.name}" (${row.id}) version ${row.version} is not valid: ${check.message}.`);
    }
    return check.doc;
  }

  problems(): ScriptProblem[] {
    return this.s.problems.all().map(toProblem);
  }

  run(callId: string): ScriptRun | null {
    const row = this.s.run.get(callId);
    return row ? toScriptRun(row) : null;
  }

  /** The script a call uses: the one its run already follows, else its campaign's, else the active campaign's. */
  scriptIdForCall(callId: string): string | null {
    const run = this.s.run.get(callId);
    if (run) return run.script_id;
    const campaign = this.deps.campaigns.forCall(callId) ?? this.deps.campaigns.active();
    return campaign?.scriptId ?? null;
  }

  forCall(callId: string): CallScriptView {
    const call = this.deps.calls.require(callId);
    // A call logged before its contact was pulled has no contact id yet: find them by number.
    const contactId = call.contactId ?? (call.remoteE164 ? this.deps.contacts.contactIdForNumber(call.remoteE164) : null);
    const contact = contactId ? this.deps.contacts.get(contactId) : null;
    const scriptId = this.scriptIdForCall(callId);
    return {
      callId,
      scriptId,
      script: scriptId ? this.get(scriptId) : null,
      variables: scriptVariables({ call, contact, agentName: this.deps.agentName() }),
      run: this.run(callId),
      problems: scriptId ? this.s.problemsOf.all(scriptId).map(toProblem) : [],
    };
  }

  finish(callId: string, now: Date = new Date()): ScriptRun {
    return this.outbox.write(() => {
      this.deps.calls.require(callId);
      const row = finishScriptRun(this.db, callId, now);
      if (!row) throw new AgentError('NOT_FOUND', 'This call has no script answers to finish yet.');
      return toScriptRun(row);
    });
  }
}
