import { AgentError } from '../../contract';
import type { SyncDb } from '../db';
import { migrateServer } from '../migrations';
import { createConsoleAccount } from './console-accounts';
import { addAgentToTeam, addSupervisorToTeam, createTeam } from './teams';

/**
 * The admin CLI's console commands (main.ts lists them). Returns the line to print, or null when
 * `command` is not one of them. Passwords come from SYNC_SUPERVISOR_PASSWORD, never argv (which
 * other users of the machine can read in the process list).
 */
export async function runConsoleCommand(db: SyncDb, command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<string | null> {
  switch (command) {
    case 'add-supervisor':
    case 'add-admin': {
      const [username, ...name] = args;
      const password = env.SYNC_SUPERVISOR_PASSWORD;
      if (!username || !password) throw new AgentError('INVALID_INPUT', `usage: SYNC_SUPERVISOR_PASSWORD=… ${command} <username> <display name>`);
      await migrateServer(db);
      const role = command === 'add-admin' ? 'admin' : 'supervisor';
      const account = await createConsoleAccount(db, { username, displayName: name.join(' ') || username, password, role });
      return `${role} ${account.username} (${account.id})`;
    }
    case 'add-team': {
      const [name, timeZone, clientTimeZone] = args;
      if (!name) throw new AgentError('INVALID_INPUT', 'usage: add-team <name> [<team time zone> [<client time zone>]]');
      await migrateServer(db);
      const team = await createTeam(db, { name, timeZone, clientTimeZone });
      return `team ${team.name} (${team.id}) in ${team.timeZone}, client in ${team.clientTimeZone}`;
    }
    case 'team-add-agent':
    case 'team-add-supervisor': {
      const [team, username] = args;
      if (!team || !username) throw new AgentError('INVALID_INPUT', `usage: ${command} <team> <username>`);
      await migrateServer(db);
      await (command === 'team-add-agent' ? addAgentToTeam : addSupervisorToTeam)(db, team, username);
      return `${username} is in team ${team}`;
    }
    default:
      return null;
  }
}
