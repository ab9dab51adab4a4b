/**
 * IT's policy reaches the core (issue 15 B1): `app.policy` answers the policy in force with the
 * locked settings and each refused field by name, and the policy's default country is how a
 * number typed without a country code is read.
 */
import { describe, expect, it } from 'vitest';
import { parseAdminPolicy } from '../../src/core/policy/admin-policy';
import { agentFor, unwrap } from '../support/store';
import { startDemoCore } from '../support/test-core';

describe('the admin policy in the core', () => {
  it('is answered by app.policy and its default country reads local numbers', async () => {
    const parsed = parseAdminPolicy({ defaultCountry: 'AE', locked: ['phone.devices'], retentionDays: 'forever' }, {});
    const { core } = await startDemoCore(undefined, { policy: { ...parsed, file: '/etc/agent-workstation/policy.json' } });
    try {
      const { agent } = agentFor(core);
      const view = unwrap(await agent.app.policy({}));
      expect(view.policy).toEqual({ defaultCountry: 'AE', locked: ['phone.devices'] });
      expect(view.problems).toEqual([{ field: 'retentionDays', source: 'file', message: expect.any(String) }]);
      expect(unwrap(await agent.contacts.lookupByNumber({ number: '050 123 4567' })).number).toBe('+971501234567');
    } finally {
      core.close();
    }
  });
});

describe("IT's phone settings in the core (issue 15 B1)", () => {
  it("give the page's phone the policy's SIP servers, domain and STUN/TURN, lock the account, and a bad field leaves the rest applied", async () => {
    const parsed = parseAdminPolicy(
      {
        sipWsServers: ['wss://sbc1.policy.example:8443/ws', 'wss://sbc2.policy.example:8443/ws'],
        sipDomain: 'voice.policy.example',
        iceServers: [{ urls: ['stun:stun.policy.example:3478'] }, { urls: ['turn:turn.policy.example:3478?transport=udp'], username: 'desk-relay' }],
        locked: ['phone.account'],
        updates: { rolloutPercent: 150 },
      },
      {},
    );
    expect(parsed.problems.map((p) => p.field)).toEqual(['updates']);
    const { core } = await startDemoCore(undefined, {
      policy: { ...parsed, file: null },
      phoneSeed: {
        replace: true,
        account: {
          uri: 'sip:1001@old-pbx.example',
          wsServers: ['wss://old-pbx.example/ws'],
          password: 'sip-secret',
          turnPassword: 'turn-secret',
          iceServers: [{ urls: ['turn:old-turn.example:3478'], username: 'old-relay' }],
        },
      },
    });
    try {
      const { agent } = agentFor(core);
      // What the page's phone engine reads to register and to set up each call's media.
      const creds = unwrap(await agent.phone.credentials({}));
      expect(creds.account).toMatchObject({
        uri: 'sip:1001@voice.policy.example',
        wsServers: ['wss://sbc1.policy.example:8443/ws', 'wss://sbc2.policy.example:8443/ws'],
        iceServers: [
          { urls: ['stun:stun.policy.example:3478'], username: null },
          { urls: ['turn:turn.policy.example:3478?transport=udp'], username: 'desk-relay' },
        ],
        fromPolicy: ['wsServers', 'domain', 'iceServers'],
      });
      expect(creds.password).toBe('sip-secret');
      expect(creds.turnPassword).toBe('turn-secret');
      // Locked: the agent cannot change the account (IT's own seed could, above).
      const r = await agent.phone.setAccount({ uri: 'sip:1001@elsewhere.example', wsServers: ['wss://elsewhere.example/ws'] });
      expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(unwrap(await agent.phone.account({}))?.uri).toBe('sip:1001@voice.policy.example');
    } finally {
      core.close();
    }
  });
});
