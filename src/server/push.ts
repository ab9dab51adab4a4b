import { AgentError, Mutation, type AgentErrorShape, type ChangeEntity, type PushEnvelope, type PushOutcome } from '../contract';
import { loadCallbacks } from './callbacks';
import { loadCalls } from './calls';
import { KPI_KINDS, kpisNotification } from './console/kpis';
import { allocateVersions, notifyAll, pokeNotification, pushLockKey, pushLocksStatement, takePushLocks, writeChangeLog, type Notification, type PokeNotice } from './change-log';
import { loadContacts } from './contacts';
import type { Sql, SyncDb } from './db';
import { loadLeads } from './leads';
import { loadNotes } from './notes';
import { writePresence } from './presence';
import { findProcessed, recordProcessed, type ProcessedRow } from './processed-mutations';
import { reject, type Batch, type LogRow, type RowsToLoad } from './push-batch';
import { applyMutation, collectRows, WRITERS } from './push-rules';
import { writeScriptAnswers } from './script-answers';

export { POKE_CHANNEL, PokeNotice } from './change-log';

/**
 * A client's push: mutations applied in order, each by its kind's rule (push-rules.ts), the
 * changed entities written and logged by their writers, and every mutation id recorded
 * (processed-mutations.ts), all in one transaction. Pushes of different clients run in
 * parallel: one client's pushes queue on its own lock, and the rows a push loads to change
 * (contacts, calls, callbacks, leads) are locked FOR UPDATE in id order, so concurrent edits of
 * one contact merge one after the other, in the order their versions say.
 */

async function loadBatch(tx: Sql, agentId: string, clientId: string, mutations: readonly Mutation[], now: string): Promise<Batch> {
  const rows: RowsToLoad = { contacts: new Set(), calls: new Set(), notes: new Set(), callbacks: new Set() };
  for (const m of mutations) collectRows(m, rows);
  const b: Batch = {
    agentId,
    clientId,
    now,
    contacts: new Map(),
    calls: new Map(),
    existingNotes: new Set(),
    newNotes: new Map(),
    callbacks: new Map(),
    dispositions: new Map(),
    history: new Map(),
    presence: null,
    scriptAnswers: new Map(),
    leads: await loadLeads(tx, agentId, mutations),
    messageAcks: new Map(),
    dirty: new Map(),
  };
  await loadContacts(tx, rows.contacts, b.contacts);
  await loadCalls(tx, rows.calls, b.calls);
  await loadNotes(tx, rows.notes, b.existingNotes);
  await loadCallbacks(tx, rows.callbacks, b.callbacks);
  return b;
}

/**
 * Gives every changed entity its version (first-touch order, then the contact history the
 * merges produced), writes them entity by entity and logs them. Returns the poke to send.
 */
async function flush(tx: Sql, b: Batch): Promise<PokeNotice | null> {
  const touched = [...b.dirty.values(), ...[...b.history.keys()].map((id) => ({ entity: 'contact.history' as const, id }))];
  if (touched.length === 0 && !b.presence) return null;
  const versions = await allocateVersions(tx, touched.length);
  const byEntity = new Map<ChangeEntity, Array<{ id: string; version: number }>>();
  touched.forEach(({ entity, id }, i) => {
    const version = versions[i] ?? reject('INTERNAL', 'version allocation');
    const list = byEntity.get(entity) ?? [];
    list.push({ id, version });
    byEntity.set(entity, list);
  });
  const log: LogRow[] = [];
  for (const [entity, write] of Object.entries(WRITERS) as Array<[ChangeEntity, (typeof WRITERS)[ChangeEntity]]>) {
    const changed = byEntity.get(entity) ?? [];
    if (changed.length === 0) continue;
    if (write === 'not pushed') reject('INTERNAL', `A push changed ${entity}, which only the supervisor's tools write.`);
    else log.push(...(await write(tx, b, changed)));
  }
  await writePresence(tx, b);
  return writeChangeLog(tx, log, b.agentId);
}

/** Postgres' data and constraint errors: retrying the same mutation would fail the same way. */
function isDataError(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  return /^(22|23)/.test(code);
}

interface Item {
  mutationId: string;
  parsed: { ok: true; mutation: Mutation } | { ok: false; error: AgentErrorShape };
}

const kindOf = (item: Item) => (item.parsed.ok ? item.parsed.mutation.kind : 'invalid');

/** The push's work once its transaction holds the client's lock (pushAndAnnounce takes it with BEGIN). */
async function pushInTransaction(tx: Sql, agentId: string, clientId: string, items: readonly Item[]): Promise<{ outcomes: PushOutcome[]; notice: PokeNotice | null }> {
  const before = await findProcessed(tx, agentId, clientId, items.map((i) => i.mutationId));
  const valid = items.flatMap((i) => (i.parsed.ok && !before.has(i.mutationId) ? [i.parsed.mutation] : []));
  const b = await loadBatch(tx, agentId, clientId, valid, new Date().toISOString());
  const outcomes: PushOutcome[] = [];
  const processed: ProcessedRow[] = [];
  const seen = new Map<string, PushOutcome>();
  for (const item of items) {
    const prior = before.get(item.mutationId);
    const again = seen.get(item.mutationId);
    if (prior || again) {
      const status = prior ?? (again?.status === 'rejected' ? { status: 'rejected' as const, error: again.error } : { status: 'applied' as const });
      outcomes.push(
        status.status === 'applied'
          ? { mutationId: item.mutationId, status: 'duplicate' }
          : { mutationId: item.mutationId, status: 'rejected', error: status.error },
      );
      continue;
    }
    let outcome: PushOutcome;
    if (!item.parsed.ok) {
      outcome = { mutationId: item.mutationId, status: 'rejected', error: item.parsed.error };
    } else {
      try {
        applyMutation(b, item.parsed.mutation);
        outcome = { mutationId: item.mutationId, status: 'applied' };
      } catch (err) {
        if (!(err instanceof AgentError)) throw err;
        outcome = { mutationId: item.mutationId, status: 'rejected', error: err.toShape() };
      }
    }
    seen.set(item.mutationId, outcome);
    outcomes.push(outcome);
    processed.push({
      mutation_id: item.mutationId,
      kind: kindOf(item),
      outcome: outcome.status === 'rejected' ? { status: 'rejected', error: outcome.error } : { status: 'applied' },
    });
  }
  const notice = await flush(tx, b);
  await writeScriptAnswers(tx, b.scriptAnswers);
  await recordProcessed(tx, agentId, clientId, processed);
  return { outcomes, notice };
}

/**
 * Applies a client's pushed mutations in order, in one transaction with the record of their
 * ids: a retried push is answered from that record and applied once. A mutation the rules
 * refuse is rejected on its own with a typed error; the rest of the batch still applies.
 */
export async function push(db: SyncDb, agentId: string, envelope: PushEnvelope): Promise<PushOutcome[]> {
  const items: Item[] = envelope.mutations.map((m) => {
    const parsed = Mutation.safeParse(m.mutation);
    return {
      mutationId: m.mutationId,
      parsed: parsed.success
        ? { ok: true, mutation: parsed.data }
        : { ok: false, error: { code: 'INVALID_INPUT', message: `The change is not valid: ${parsed.error.issues[0]?.message ?? 'invalid'}.` } },
    };
  });
  try {
    return await pushAndAnnounce(db, agentId, envelope.clientId, items);
  } catch (err) {
    if (!isDataError(err) || items.length === 1) {
      if (isDataError(err) && items[0]) return [await rejectStored(db, agentId, envelope.clientId, items[0], err)];
      throw err;
    }
  }
  // One mutation the database refused sank the batch: find it by applying one at a time, so the
  // others are not held back and the bad one is rejected rather than retried forever.
  const outcomes: PushOutcome[] = [];
  for (const item of items) {
    try {
      outcomes.push(...(await pushAndAnnounce(db, agentId, envelope.clientId, [item])));
    } catch (err) {
      if (!isDataError(err)) throw err;
      outcomes.push(await rejectStored(db, agentId, envelope.clientId, item, err));
    }
  }
  return outcomes;
}

/** Something a team's KPIs count (a call, a wrap-up, presence, a callback) was applied: the consoles refresh them. */
function touchesKpis(items: readonly Item[], outcomes: readonly PushOutcome[]): boolean {
  const applied = new Set(outcomes.filter((o) => o.status === 'applied').map((o) => o.mutationId));
  return items.some((i) => i.parsed.ok && applied.has(i.mutationId) && KPI_KINDS.has(i.parsed.mutation.kind));
}

/** Postgres broke a lock cycle (40P01) or a serialization conflict (40001): the transaction can run again. */
const isRetryable = (err: unknown) => typeof err === 'object' && err !== null && 'code' in err && ['40P01', '40001'].includes(String((err as { code: unknown }).code));
const RETRIES = 3;

/** One push transaction (run again when Postgres broke a deadlock), then its poke and KPI refresh after the commit, in one round trip. */
async function pushAndAnnounce(db: SyncDb, agentId: string, clientId: string, items: readonly Item[]): Promise<PushOutcome[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      const locks = pushLocksStatement(pushLockKey(agentId, clientId));
      const { outcomes, notice } = await db.transaction((tx) => pushInTransaction(tx, agentId, clientId, items), 'push', locks);
      const after: Notification[] = [];
      if (notice) after.push(pokeNotification(notice));
      if (touchesKpis(items, outcomes)) after.push(kpisNotification(agentId));
      await notifyAll(db, after);
      return outcomes;
    } catch (err) {
      if (!isRetryable(err) || attempt >= RETRIES) throw err;
    }
  }
}

async function rejectStored(db: SyncDb, agentId: string, clientId: string, item: Item, err: unknown): Promise<PushOutcome> {
  const detail = err instanceof Error ? err.message : String(err);
  const error: AgentErrorShape = { code: 'SYNC_REJECTED', message: `The server could not store this change (${detail}).` };
  await db.transaction(async (tx) => {
    await takePushLocks(tx, pushLockKey(agentId, clientId));
    await recordProcessed(tx, agentId, clientId, [{ mutation_id: item.mutationId, kind: kindOf(item), outcome: { status: 'rejected', error } }]);
  });
  return { mutationId: item.mutationId, status: 'rejected', error };
}
