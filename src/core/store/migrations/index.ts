import { m001Foundation } from './001-foundation';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Numbered, append-only. Never edit a migration that has shipped; add the next one. */
export const migrations: readonly Migration[] = [m001Foundation];
