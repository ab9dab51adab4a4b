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
