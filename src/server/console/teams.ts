import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AgentError, TimeZoneName, type ConsoleAccount, type ConsoleTeam } from '../../contract';
import type { Sql } from '../db';

/**
 * Teams: each agent works in one or more, each supervisor leads one or more; an admin sees all.
 * Everything the console shows about agents goes through `visibleAgentIds()`, so a supervisor
 * never sees another team's agents (nor, through them, their customers).
 */

/** A Karachi floor serving a New York client unless the admin says otherwise. */
export const DEFAULT_TEAM_TIME_ZONE = 'Asia/Karachi';
export const DEFAULT_CLIENT_TIME_ZONE = 'America/New_York';

const TeamRow = z.object({ id: z.uuid(), name: z.string(), time_zone: TimeZoneName, client_time_zone: TimeZoneName });
const toTeam = (r: z.infer<typeof TeamRow>): ConsoleTeam => ({ id: r.id, name: r.name, timeZone: r.time_zone, clientTimeZone: r.client_time_zone });

/** Adds (or, by name, updates the time zones of) a team. Time zones are checked as IANA names. */
export async function createTeam(db: Sql, input: { name: string; timeZone?: string; clientTimeZone?: string; id?: string }): Promise<ConsoleTeam> {
  const tz = TimeZoneName.safeParse(input.timeZone ?? DEFAULT_TEAM_TIME_ZONE);
  const clientTz = TimeZoneName.safeParse(input.clientTimeZone ?? DEFAULT_CLIENT_TIME_ZONE);
  if (!tz.success || !clientTz.success) throw new AgentError('INVALID_INPUT', 'Time zones must be IANA names such as Asia/Karachi or America/New_York.');
  const { rows } = await db.query(
    `INSERT INTO teams (id, name, time_zone, client_time_zone) VALUES ($1, $2, $3, $4)
     ON CONFLICT (name) DO UPDATE SET time_zone = excluded.time_zone, client_time_zone = excluded.client_time_zone
     RETURNING id::text, name, time_zone, client_time_zone`,
    [input.id ?? randomUUID(), input.name, tz.data, clientTz.data],
  );
  return toTeam(TeamRow.parse(rows[0]));
}

/** Puts an agent (by username) in a team (by name); NOT_FOUND names which one is missing. */
export async function addAgentToTeam(db: Sql, teamName: string, agentUsername: string): Promise<void> {
  const { rows } = await db.query(
    `INSERT INTO team_agents (team_id, agent_id)
     SELECT t.id, a.id FROM teams t, agents a WHERE t.name = $1 AND a.username = $2
     ON CONFLICT DO NOTHING RETURNING 1`,
    [teamName, agentUsername],
  );
  if (rows.length === 0) await explainMissing(db, teamName, 'agents', agentUsername);
}

/** Makes a supervisor (by username) lead a team (by name). */
export async function addSupervisorToTeam(db: Sql, teamName: string, supervisorUsername: string): Promise<void> {
  const { rows } = await db.query(
    `INSERT INTO team_supervisors (team_id, account_id)
     SELECT t.id, a.id FROM teams t, console_accounts a WHERE t.name = $1 AND a.username = $2
     ON CONFLICT DO NOTHING RETURNING 1`,
    [teamName, supervisorUsername],
  );
  if (rows.length === 0) await explainMissing(db, teamName, 'console_accounts', supervisorUsername);
}

/** Nothing inserted: already a member (fine), or the team or the person does not exist (NOT_FOUND). */
async function explainMissing(db: Sql, teamName: string, people: 'agents' | 'console_accounts', username: string): Promise<void> {
  const team = await db.query('SELECT 1 FROM teams WHERE name = $1', [teamName]);
  if (team.rows.length === 0) throw new AgentError('NOT_FOUND', `No team named "${teamName}".`);
  const person = await db.query(`SELECT 1 FROM ${people} WHERE username = $1`, [username]);
  if (person.rows.length === 0) throw new AgentError('NOT_FOUND', `No ${people === 'agents' ? 'agent' : 'supervisor'} "${username}".`);
}

/** The teams an account leads: all of them for an admin. */
export async function teamsOf(db: Sql, account: ConsoleAccount): Promise<ConsoleTeam[]> {
  const { rows } =
    account.role === 'admin'
      ? await db.query('SELECT id::text, name, time_zone, client_time_zone FROM teams ORDER BY name')
      : await db.query(
          `SELECT t.id::text, t.name, t.time_zone, t.client_time_zone FROM teams t JOIN team_supervisors s ON s.team_id = t.id
           WHERE s.account_id = $1 ORDER BY t.name`,
          [account.id],
        );
  return rows.map((r) => toTeam(TeamRow.parse(r)));
}

/** The SQL condition "agent a.id is visible to account $n": every query about agents uses it. */
export function visibleAgentCondition(account: ConsoleAccount, param: string, agentColumn = 'a.id'): string {
  return account.role === 'admin'
    ? 'true'
    : `EXISTS (SELECT 1 FROM team_agents ta JOIN team_supervisors ts ON ts.team_id = ta.team_id WHERE ta.agent_id = ${agentColumn} AND ts.account_id = ${param})`;
}
