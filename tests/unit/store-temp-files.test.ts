/** The encrypted store keeps SQLite's temporary tables and sort spills in memory (issue 15, A4). */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { expect, it } from 'vitest';
import { openDatabase } from '../../src/core/store/database';
import { tempDir } from '../support/test-core';

it('opens the store with temp_store=MEMORY, new or reopened, so a large sort never writes plaintext temp files', () => {
  const file = path.join(tempDir(), 'w.db');
  const key = randomBytes(32);
  // The pragma is per connection, not stored in the file: both opens must set it.
  for (const open of ['created', 'reopened']) {
    const db = openDatabase({ file, key });
    try {
      // 2 is MEMORY (0 DEFAULT, 1 FILE): https://sqlite.org/pragma.html#pragma_temp_store
      expect(db.pragma('temp_store', { simple: true }), open).toBe(2);
    } finally {
      db.close();
    }
  }
});
