/**
 * Card and CNIC numbers never stored (issue 15 B3): typed into a note draft, a finalized note,
 * a script answer or a callback's note, they are masked before the core writes anything, so no
 * table of the real encrypted store and no outbox row (what would be synced) holds them, and the
 * API tells the UI how many it masked.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inspectDemoStore, agentFor, unwrap } from '../support/store';
import { startDemoCore } from '../support/test-core';

const VISA = '4111 1111 1111 1111';
const MASTERCARD = '5500-0000-0000-0004';
const CNIC = '35301-1234567-1';
const PHONE = '0300-1234567';

/** Every text value of every table of the store, as one string per row. */
async function everythingStored(dataDir: string): Promise<string[]> {
  const db = await inspectDemoStore(dataDir);
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    return tables.flatMap(({ name }) => (db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[]).map((row) => JSON.stringify(row)));
  } finally {
    db.close();
  }
}

describe('card and CNIC numbers typed by the agent', () => {
  it('are masked in drafts, notes, script answers and callback notes before they are stored or queued', async () => {
    const { core, dataDir } = await startDemoCore();
    try {
      const { agent } = agentFor(core);
      const created = unwrap(await agent.contacts.create({ fields: { firstName: 'Ayesha', lastName: 'Malik', phones: [{ label: 'mobile', number: '+923001234567' }] } }));
      const callId = randomUUID();
      unwrap(
        await agent.calls.logEvent({ callId, direction: 'inbound', localNumber: '1001', remoteNumber: '+923001234567', event: 'answered', at: new Date().toISOString() }),
      );
      const target = { callId };

      const draft = unwrap(await agent.notes.saveDraft({ target, body: `Paid with ${VISA}, CNIC ${CNIC}, call back on ${PHONE}`, revision: 1 }));
      expect(draft.masked).toEqual({ cards: 1, cnics: 1 });
      expect(draft.draft.body).toBe(`Paid with •••• •••• •••• 1111, CNIC •••••-•••••••-•, call back on ${PHONE}`);
      const plain = unwrap(await agent.notes.saveDraft({ target, body: `call back on ${PHONE}`, revision: 2 }));
      expect(plain.masked).toEqual({ cards: 0, cnics: 0 });
      unwrap(await agent.notes.saveDraft({ target, body: `second card ${MASTERCARD}, phone ${PHONE}`, revision: 3 }));

      const contactNote = unwrap(await agent.notes.finalize({ target: { contactId: created.id }, body: `card on file ${MASTERCARD}` }));
      expect(contactNote.body).toBe('card on file ••••-••••-••••-0004');

      const run = unwrap(
        await agent.wrapup.saveScriptPosition({ callId, scriptId: 'any', scriptVersion: 1, stepId: 'p1', answers: { cnic: '3530112345671', card: VISA, plan: 'Gold' } }),
      );
      expect(run.masked).toEqual({ cards: 1, cnics: 1 });
      expect(run.answers).toEqual({ cnic: '•••••••••••••', card: '•••• •••• •••• 1111', plan: 'Gold' });

      const codes = unwrap(await agent.wrapup.dispositionCodes({ callId }));
      const code = codes.find((c) => !c.needsCallback) ?? codes[0];
      if (!code) throw new Error('no disposition codes');
      const callback = { dueAt: new Date(Date.now() + 3_600_000).toISOString(), note: `verify ${CNIC}` };
      const saved = unwrap(await agent.wrapup.save({ callId, disposition: code.code, callback }));
      expect(saved.callback?.note).toBe('verify •••••-•••••••-•');
      unwrap(await agent.wrapup.complete({ callId, disposition: code.code, callback }));

      const stored = (await everythingStored(dataDir)).join('\n');
      for (const n of [VISA, MASTERCARD, CNIC, '4111111111111111', '3530112345671']) expect(stored).not.toContain(n);
      expect(stored).toContain('second card ••••-••••-••••-0004');
      expect(stored).toContain('verify •••••-•••••••-•');
      expect(stored).toContain(PHONE);
    } finally {
      core.close();
    }
  });
});
