/**
 * What the server could never store is refused at the workstation's edge (issue 15, A8): text
 * with U+0000 or a lone surrogate, a time zone that is no IANA name; and a number that does not
 * parse is refused without being written to the log.
 */
import { describe, expect, it } from 'vitest';
import { Mutation } from '../../src/contract';
import { createLogger } from '../../src/core/log';
import { inspectDemoStore } from '../support/store';
import { startDemoCore } from '../support/test-core';

const ctx = { transport: 'in-process' } as const;

async function coreWithLog() {
  const lines: string[] = [];
  const { core, dataDir } = await startDemoCore(undefined, { log: createLogger((line) => lines.push(line), {}, 'debug') });
  const outboxSize = async () => {
    const db = await inspectDemoStore(dataDir);
    try {
      return (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  return { core, lines, outboxSize };
}

describe('text the server cannot store', () => {
  it.each([
    ['U+0000', 'Ali\u0000Raza'],
    ['a lone high surrogate', 'Ali \ud83d'],
    ['a lone low surrogate', '\ude00 Ali'],
  ])('a contact name with %s is INVALID_INPUT and nothing reaches the outbox', async (_what, firstName) => {
    const { core, outboxSize } = await coreWithLog();
    try {
      const before = await outboxSize();
      const r = await core.dispatch('contacts.create', { fields: { firstName, lastName: 'Khan' } }, ctx);
      expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('fields.firstName') } });
      expect(await outboxSize()).toBe(before);
    } finally {
      core.close();
    }
  });

  it('a note draft with U+0000 is refused too, and an emoji (a surrogate pair) is fine', async () => {
    const { core } = await coreWithLog();
    try {
      const created = await core.dispatch('contacts.create', { fields: { firstName: 'Noor' } }, ctx);
      if (!created.ok) throw new Error(created.error.message);
      const target = { contactId: (created.value as { id: string }).id };
      expect(await core.dispatch('notes.saveDraft', { target, body: 'x\u0000y', revision: 1 }, ctx)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(await core.dispatch('notes.saveDraft', { target, body: 'happy customer 😀', revision: 1 }, ctx)).toMatchObject({ ok: true });
    } finally {
      core.close();
    }
  });

  it('the sync contract refuses such a change wherever the text sits', () => {
    const base = { kind: 'contact.create', contactId: '00000000-0000-4000-8000-000000000002' };
    const fields = { firstName: 'A', lastName: 'B', company: '', email: '', phones: [], timezone: '', doNotCall: false };
    expect(Mutation.safeParse({ ...base, fields }).success).toBe(true);
    const bad = Mutation.safeParse({ ...base, fields: { ...fields, company: 'Acme\u0000' } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['fields', 'company']);
  });
});

describe('contact time zones', () => {
  it('must be IANA names (or empty for unknown)', async () => {
    const { core } = await coreWithLog();
    try {
      for (const timezone of ['Mars/Olympus', '+05:00', 'Asia/Karachi; DROP']) {
        expect(await core.dispatch('contacts.create', { fields: { firstName: 'Sana', timezone } }, ctx)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      }
      expect(await core.dispatch('contacts.create', { fields: { firstName: 'Sana', timezone: 'Asia/Karachi' } }, ctx)).toMatchObject({ ok: true });
    } finally {
      core.close();
    }
  });
});

describe('a number that does not parse', () => {
  it('is refused with a typed error naming the phone by place, and never written to the log', async () => {
    const { core, lines } = await coreWithLog();
    try {
      const typed = '0300-CALL-ME-9z';
      const r = await core.dispatch('contacts.create', { fields: { firstName: 'Bilal', phones: [{ label: 'mobile', number: typed }] } }, ctx);
      expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('Phone 1 is not a phone number') } });
      expect(JSON.stringify(r)).not.toContain(typed);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.join('\n')).not.toContain(typed);
    } finally {
      core.close();
    }
  });
});
