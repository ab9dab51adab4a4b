import type { Migration } from './index';

/**
 * script_problems  pulled script versions that failed validation and were not installed: the
 *                  scripts table keeps the previous valid version, and the panel shows why the
 *                  new one was refused. Rows of a script go when a valid version at least as
 *                  new is installed.
 */
export const m006ScriptProblems: Migration = {
  version: 6,
  name: 'refused call script versions',
  sql: `
    CREATE TABLE script_problems (
      script_id  TEXT NOT NULL,
      version    INTEGER NOT NULL,
      name       TEXT NOT NULL,
      message    TEXT NOT NULL,
      refused_at TEXT NOT NULL,
      PRIMARY KEY (script_id, version)
    ) STRICT;
  `,
};
