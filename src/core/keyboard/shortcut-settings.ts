import type { Db } from '../store/database';
import { DEFAULT_SHORTCUTS, ShortcutMap, describeShortcutProblem, shortcutProblems, AgentError } from '../../contract';
import type { EventBus } from '../event-bus';
import type { Logger } from '../log';

/** The settings row that holds the agent's shortcut map (JSON, `ShortcutMap`). */
const SETTINGS_KEY = 'keyboard.shortcuts';

/**
 * The agent's shortcut map, kept in the agent's own store beside the other settings (one per
 * agent: another agent on the same laptop has their own). A stored map that no longer passes
 * `ShortcutMap` (an older version, a hand edit) is logged and the defaults are used.
 */
export class ShortcutSettings {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly log: Logger,
  ) {}

  get(): ShortcutMap {
    const row = this.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(SETTINGS_KEY);
    if (!row) return DEFAULT_SHORTCUTS;
    let raw: unknown;
    try {
      raw = JSON.parse(row.value);
    } catch {
      raw = null;
    }
    const parsed = ShortcutMap.safeParse(raw);
    if (parsed.success) return parsed.data;
    this.log.warn('keyboard: stored shortcut map is unusable; using the defaults', { problem: parsed.error.issues[0]?.message });
    return DEFAULT_SHORTCUTS;
  }

  /** Stores a map that passed `ShortcutMap` (so has no problems); checked again so no caller can store a conflict. */
  set(map: ShortcutMap): ShortcutMap {
    const problems = shortcutProblems(map);
    if (problems.length > 0) throw new AgentError('INVALID_INPUT', problems.map(describeShortcutProblem).join('; '));
    this.db
      .prepare<[string, string]>('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(SETTINGS_KEY, JSON.stringify(map));
    this.bus.emit('keyboard.shortcuts', map);
    return map;
  }
}
