/**
 * IT's machine-wide policy (issue 15 B1): each setting validated on its own, a bad one reported
 * by name and the rest still applied; the file wins over the environment; unknown keys reported.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminPolicyPath, parseAdminPolicy, readAdminPolicy } from '../../src/core/policy/admin-policy';
import { tempDir } from '../support/test-core';

const GOOD = {
  syncServerUrl: 'https://sync.example.com',
  sipWsServers: ['wss://pbx.example.com:8089/ws'],
  sipDomain: 'pbx.example.com',
  iceServers: [{ urls: ['stun:stun.example.com:3478'] }],
  defaultCountry: 'PK',
  updates: { enabled: true, channel: 'latest', rolloutPercent: 25 },
  idleAwayMinutes: 10,
  retentionDays: 90,
  locked: ['phone.devices', 'sync.server'],
};

describe('parseAdminPolicy', () => {
  it('applies a full, valid policy', () => {
    const r = parseAdminPolicy(GOOD, {});
    expect(r.problems).toEqual([]);
    expect(r.policy).toMatchObject({ ...GOOD, iceServers: [{ urls: ['stun:stun.example.com:3478'] }] });
  });

  it('reports each bad field by name and still applies the others', () => {
    const r = parseAdminPolicy(
      { ...GOOD, defaultCountry: 'Pakistan', retentionDays: -3, updates: { rolloutPercent: 150 }, locked: ['everything'], syncServerUrl: 'ftp://x', idleAway: 5 },
      {},
    );
    expect(r.problems.map((p) => p.field).sort()).toEqual(['defaultCountry', 'idleAway', 'locked', 'retentionDays', 'syncServerUrl', 'updates']);
    expect(r.problems.find((p) => p.field === 'idleAway')?.message).toBe('is not a policy setting');
    expect(r.problems.find((p) => p.field === 'defaultCountry')?.message).toMatch(/two-letter ISO country code/);
    expect(r.problems.every((p) => p.source === 'file')).toBe(true);
    expect(r.policy).toEqual({ sipWsServers: GOOD.sipWsServers, sipDomain: GOOD.sipDomain, iceServers: [{ urls: ['stun:stun.example.com:3478'], username: null }], idleAwayMinutes: 10 });
  });

  it('reads the environment, and the file wins where both set a field', () => {
    const env = {
      AGENT_SYNC_URL: 'https://env-sync.example.com',
      AGENT_DEFAULT_COUNTRY: 'AE',
      AGENT_POLICY_SIP_WS_SERVERS: 'wss://a.example.com/ws, wss://b.example.com/ws',
      AGENT_POLICY_RETENTION_DAYS: '30',
      AGENT_POLICY_LOCKED: 'phone.dtmfTransport',
      AGENT_POLICY_UPDATES: '{"enabled":false}',
      AGENT_POLICY_IDLE_AWAY_MINUTES: 'soon',
    };
    const r = parseAdminPolicy({ defaultCountry: 'PK' }, env);
    expect(r.policy).toEqual({
      syncServerUrl: 'https://env-sync.example.com',
      defaultCountry: 'PK',
      sipWsServers: ['wss://a.example.com/ws', 'wss://b.example.com/ws'],
      retentionDays: 30,
      locked: ['phone.dtmfTransport'],
      updates: { enabled: false, channel: 'latest', rolloutPercent: 100 },
    });
    expect(r.problems).toEqual([{ field: 'idleAwayMinutes', source: 'env', message: expect.any(String) }]);
  });

  it('a file that is not one object is a problem; the environment still applies', () => {
    expect(parseAdminPolicy([1, 2], { AGENT_DEFAULT_COUNTRY: 'PK' })).toEqual({
      policy: { defaultCountry: 'PK' },
      problems: [{ field: '(file)', source: 'file', message: 'the policy file must hold one JSON object' }],
    });
  });
});

describe('readAdminPolicy', () => {
  it('no file: nothing but the environment; unreadable JSON: reported, environment applies', () => {
    const dir = tempDir();
    expect(readAdminPolicy(path.join(dir, 'none.json'), {})).toEqual({ policy: {}, problems: [], file: null });
    const bad = path.join(dir, 'policy.json');
    fs.writeFileSync(bad, '{ "retentionDays": 30,');
    const r = readAdminPolicy(bad, { AGENT_POLICY_RETENTION_DAYS: '60' });
    expect(r.policy).toEqual({ retentionDays: 60 });
    expect(r.problems[0]).toMatchObject({ field: '(file)', source: 'file', message: expect.stringMatching(/^unreadable/) });
    expect(r.file).toBe(bad);
  });

  it('lives in the machine-wide place of each platform', () => {
    expect(adminPolicyPath('linux', {})).toBe('/etc/agent-workstation/policy.json');
    expect(adminPolicyPath('darwin', {})).toBe('/Library/Application Support/AgentWorkstation/policy.json');
    expect(adminPolicyPath('win32', { ProgramData: 'D:\\ProgramData' })).toBe('D:\\ProgramData\\AgentWorkstation\\policy.json');
  });
});
