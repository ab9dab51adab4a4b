/**
 * Logs IT can read (issue 15 B4): no secrets and no customer data reach a log line, and the log
 * files rotate by size with a bounded count.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, redact, scrubText } from '../../src/core/log';
import { LOG_FILE, listLogFiles, openLogFiles } from '../../src/core/log-files';
import { tempDir } from '../support/test-core';

describe('what a log line may hold', () => {
  it('replaces phone numbers, emails, card and CNIC numbers in any text', () => {
    expect(scrubText('dial +923001234567 failed')).toBe('dial [number] failed');
    expect(scrubText('no contact for 0300-1234567 or 0092 322 494 2043')).toBe('no contact for [number] or [number]');
    expect(scrubText('mail ayesha.malik@example.com')).toBe('mail [email]');
    expect(scrubText('card 4111 1111 1111 1111 and CNIC 35301-1234567-1')).toBe('card •••• •••• •••• 1111 and CNIC •••••-•••••••-•');
  });

  it('keeps what IT needs: times, ids, counts, codes, versions, extensions', () => {
    for (const text of ['sip:1001@pbx.example.com', 'sips:agent@10.0.0.5', '2026-11-30T18:47:26.123Z', '6f1c2a4e-1b2c-4d5e-8f90-123456789abc', 'retry in 12000 ms', 'SIP 486 Busy Here', 'v41.7.1', 'ext 1001']) {
      expect(scrubText(text)).toBe(text);
    }
  });

  it('drops customer fields and secret fields by name, at any depth, and scrubs error messages', () => {
    const out = redact({
      callId: 'c1',
      body: 'customer is angry',
      fields: { firstName: 'Ayesha' },
      nested: { remoteNumber: '+923001234567', answers: { q: 'x' }, sipPassword: 'p', refreshToken: 't' },
      error: new Error('lookup of +923001234567 failed'),
    });
    expect(out).toEqual({
      callId: 'c1',
      body: '[customer data]',
      fields: '[customer data]',
      nested: { remoteNumber: '[customer data]', answers: '[customer data]', sipPassword: '[redacted]', refreshToken: '[redacted]' },
      error: { name: 'Error', message: 'lookup of [number] failed', code: undefined },
    });
  });

  it('a logger line carries none of it, message included', () => {
    const lines: string[] = [];
    createLogger((l) => lines.push(l)).warn('no contact for +923001234567', { password: 'hunter2', note: 'card 4111111111111111', count: 3 });
    const line = lines.join('');
    for (const leaked of ['923001234567', 'hunter2', '4111111111111111']) expect(line).not.toContain(leaked);
    expect(JSON.parse(line)).toMatchObject({ level: 'warn', msg: 'no contact for [number]', password: '[redacted]', note: '[customer data]', count: 3 });
  });
});

describe('log files', () => {
  it('rotate by size and keep a bounded number, newest first', async () => {
    const dir = path.join(tempDir('agent-logs-'), 'logs');
    const files = openLogFiles(dir, { maxBytes: 2048, keep: 2 });
    const log = createLogger(files.write);
    // About 60 KB through a 2 KB limit: many rotations, only the current file and 2 rotated ones stay.
    for (let i = 0; i < 500; i++) log.info('sync attempt', { attempt: i, pad: 'x'.repeat(100) });
    await files.close();
    const names = listLogFiles(dir).map((f) => path.basename(f));
    expect(names).toEqual([LOG_FILE, `${LOG_FILE}.1`, `${LOG_FILE}.2`]);
    for (const f of listLogFiles(dir)) expect(fs.statSync(f).size).toBeLessThanOrEqual(2048 + 200);
    // The newest line is in the current file; the oldest were rotated away.
    const current = fs.readFileSync(path.join(dir, LOG_FILE), 'utf8');
    expect(current).toContain('"attempt":499');
    expect(listLogFiles(dir).map((f) => fs.readFileSync(f, 'utf8')).join('')).not.toContain('"attempt":0,');
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(dir, LOG_FILE)).mode & 0o777).toBe(0o600);
  });
});
