import fs from 'node:fs';
import {
  ADMIN_POLICY_FIELD_NAMES,
  AdminPolicyFields,
  type AdminPolicy,
  type AdminPolicyField,
  type AdminPolicyView,
  type PolicyProblem,
} from '../../contract';

/**
 * The environment variables IT (or a deployment tool) may set instead of the file, one per
 * field. Lists are comma-separated; JSON for the structured ones.
 */
export const POLICY_ENV: Record<AdminPolicyField, string> = {
  syncServerUrl: 'AGENT_SYNC_URL',
  sipWsServers: 'AGENT_POLICY_SIP_WS_SERVERS',
  sipDomain: 'AGENT_POLICY_SIP_DOMAIN',
  iceServers: 'AGENT_POLICY_ICE_SERVERS',
  defaultCountry: 'AGENT_DEFAULT_COUNTRY',
  updates: 'AGENT_POLICY_UPDATES',
  idleAwayMinutes: 'AGENT_POLICY_IDLE_AWAY_MINUTES',
  retentionDays: 'AGENT_POLICY_RETENTION_DAYS',
  locked: 'AGENT_POLICY_LOCKED',
  locale: 'AGENT_POLICY_LOCALE',
};

const message = (issues: readonly { path: PropertyKey[]; message: string }[]) =>
  issues.map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message)).join('; ');

/** One field checked alone: its value, or the problem naming it. */
function checkField(field: AdminPolicyField, value: unknown, source: PolicyProblem['source']): { ok: true; value: unknown } | { ok: false; problem: PolicyProblem } {
  const r = AdminPolicyFields[field].safeParse(value);
  return r.success ? { ok: true, value: r.data } : { ok: false, problem: { field, source, message: message(r.error.issues) } };
}

/** An environment variable's text as the field's value: JSON where it parses as such, lists comma-separated, numbers as numbers. */
function fromEnv(field: AdminPolicyField, text: string): unknown {
  const t = text.trim();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(t) as unknown;
    } catch {
      return t;
    }
  }
  if (field === 'sipWsServers' || field === 'locked') return t.split(',').map((s) => s.trim()).filter(Boolean);
  if (field === 'idleAwayMinutes' || field === 'retentionDays') return /^\d+$/.test(t) ? Number(t) : t;
  return t;
}

/**
 * IT's policy from the machine-wide file's parsed JSON (null when there is none) and the
 * environment. Each field is validated on its own: a bad one is reported by name and left out,
 * the rest apply. The file, which only an administrator can write, wins over the environment;
 * an unknown key is reported too (a misspelt setting must not pass silently). Pure.
 */
export function parseAdminPolicy(fileJson: unknown, env: Readonly<Record<string, string | undefined>>): { policy: AdminPolicy; problems: PolicyProblem[] } {
  const policy: Record<string, unknown> = {};
  const problems: PolicyProblem[] = [];
  for (const field of ADMIN_POLICY_FIELD_NAMES) {
    const text = env[POLICY_ENV[field]];
    if (text === undefined || text.trim() === '') continue;
    const r = checkField(field, fromEnv(field, text), 'env');
    if (r.ok) policy[field] = r.value;
    else problems.push(r.problem);
  }
  if (fileJson !== null) {
    if (typeof fileJson !== 'object' || Array.isArray(fileJson)) {
      problems.push({ field: '(file)', source: 'file', message: 'the policy file must hold one JSON object' });
    } else {
      for (const [key, value] of Object.entries(fileJson)) {
        if (!(ADMIN_POLICY_FIELD_NAMES as string[]).includes(key)) {
          problems.push({ field: key, source: 'file', message: 'is not a policy setting' });
          continue;
        }
        const r = checkField(key as AdminPolicyField, value, 'file');
        if (r.ok) policy[key] = r.value;
        else problems.push(r.problem);
      }
    }
  }
  return { policy: policy as AdminPolicy, problems };
}

/** Where IT puts the policy on each platform (beside the update policy). */
export function adminPolicyPath(platform: NodeJS.Platform = process.platform, env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (platform === 'win32') return `${env.ProgramData ?? 'C:\\ProgramData'}\\AgentWorkstation\\policy.json`;
  if (platform === 'darwin') return '/Library/Application Support/AgentWorkstation/policy.json';
  return '/etc/agent-workstation/policy.json';
}

/** Reads the file (missing: none; unreadable or not JSON: a problem, the environment still applies) and parses the policy. */
export function readAdminPolicy(file: string, env: Readonly<Record<string, string | undefined>>): AdminPolicyView {
  let json: unknown = null;
  const problems: PolicyProblem[] = [];
  if (fs.existsSync(file)) {
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    } catch (err) {
      problems.push({ field: '(file)', source: 'file', message: `unreadable: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  const parsed = parseAdminPolicy(json, env);
  return { policy: parsed.policy, problems: [...problems, ...parsed.problems], file: fs.existsSync(file) ? file : null };
}
