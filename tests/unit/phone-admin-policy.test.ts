import { describe, expect, it } from 'vitest';
import { applyPhonePolicy } from '../../src/core/phone/phone-policy';

const account = { uri: 'sip:1001@old-pbx.example', wsServers: ['wss://old-pbx.example/ws'], iceServers: [] };

describe("IT's phone policy over the SIP account", () => {
  it('changes nothing without phone settings in the policy', () => {
    expect(applyPhonePolicy(account, { retentionDays: 30 })).toEqual({ ...account, fromPolicy: [] });
  });

  it('puts the policy domain in the address, keeping the user and any parameters', () => {
    expect(applyPhonePolicy(account, { sipDomain: 'voice.example' }).uri).toBe('sip:1001@voice.example');
    expect(applyPhonePolicy({ ...account, uri: 'sips:agent.7@pbx:5061;transport=ws' }, { sipDomain: 'voice.example' }).uri).toBe('sips:agent.7@voice.example;transport=ws');
  });

  it('takes the servers and STUN/TURN from the policy and names what it set', () => {
    const ice = [{ urls: ['turn:relay.example:3478'], username: 'desk' }];
    expect(applyPhonePolicy(account, { sipWsServers: ['wss://a.example/ws'], iceServers: ice })).toEqual({
      uri: account.uri,
      wsServers: ['wss://a.example/ws'],
      iceServers: ice,
      fromPolicy: ['wsServers', 'iceServers'],
    });
  });
});
