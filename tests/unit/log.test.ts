import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/log';

describe('logger', () => {
  it('redacts secret-looking fields at any depth', () => {
    const lines: string[] = [];
    const log = createLogger((l) => lines.push(l));
    log.info('sign in', { username: 'ayesha', password: 'hunter2', nested: { dbKey: 'abcd', token: 't0k' }, list: [{ secret: 's' }] });
    const line = lines.join('\n');
    expect(line).toContain('ayesha');
    for (const secret of ['hunter2', 'abcd', 't0k', '"s"']) expect(line).not.toContain(secret);
  });
});
