import { inject } from 'vitest';
import { createDatabase } from '../setup/postgres';

/** A fresh, empty database for one test file, on the run's PostgreSQL; dropped when the run ends. */
export function createTestDatabase(label: string): Promise<string> {
  return createDatabase({ adminUrl: inject('postgresAdminUrl'), runDatabase: inject('postgresRunDatabase') }, label);
}
