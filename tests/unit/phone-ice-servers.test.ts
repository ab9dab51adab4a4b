import { describe, expect, it } from 'vitest';
import { SetPhoneAccountInput } from '../../src/contract';
import { phoneSeedFromEnv } from '../../src/core/phone/phone-seed';
import { ICE_SERVER_GATHER_CAP_MS, iceGatherPlan, mediaPcConfig, RELAY_UNREACHABLE_MS } from '../../renderer/src/phone/media/ice-config';

const TURN = { urls: ['turn:turn.example.com:3478?transport=udp', 'turns:turn.example.com:5349'], username: 'agent' };
const STUN = { urls: ['stun:stun.example.com:3478'], username: null };

describe('STUN and TURN for the call media', () => {
  it('builds the peer connection config with the TURN password only where a username is set', () => {
    const cfg = mediaPcConfig({ iceServers: [STUN, TURN], iceTransportPolicy: 'relay' }, 'turn-secret');
    expect(cfg.iceServers).toEqual([
      { urls: STUN.urls },
      { urls: TURN.urls, username: 'agent', credential: 'turn-secret' },
    ]);
    expect(cfg.iceTransportPolicy).toBe('relay');
    expect(mediaPcConfig({ iceServers: [], iceTransportPolicy: 'all' }, null)).toMatchObject({ iceServers: [], iceTransportPolicy: 'all' });
  });

  it('sends the offer as soon as the candidate that crosses a NAT is there, and caps the wait', () => {
    const all = { relayOnly: false, relayDeadlineMs: RELAY_UNREACHABLE_MS };
    expect(iceGatherPlan({ iceServers: [], iceTransportPolicy: 'all' }, 150)).toEqual({ ...all, enough: [], capMs: 150 });
    expect(iceGatherPlan({ iceServers: [STUN], iceTransportPolicy: 'all' }, 150)).toEqual({ ...all, enough: ['srflx'], capMs: ICE_SERVER_GATHER_CAP_MS });
    expect(iceGatherPlan({ iceServers: [STUN, TURN], iceTransportPolicy: 'all' }, 150)).toEqual({ ...all, enough: ['relay'], capMs: ICE_SERVER_GATHER_CAP_MS });
    expect(iceGatherPlan({ iceServers: [TURN], iceTransportPolicy: 'relay' }, 150)).toMatchObject({ relayOnly: true, enough: ['relay'] });
    // Stock JsSIP (the benchmark's baseline) waits for gathering to complete; relay-only still fails without a relay.
    expect(iceGatherPlan({ iceServers: [TURN], iceTransportPolicy: 'relay' }, 0)).toEqual({ relayOnly: true, relayDeadlineMs: RELAY_UNREACHABLE_MS, enough: [], capMs: 0 });
  });

  it('refuses a TURN server without a username, relay-only without TURN, and anything but stun:/turn: addresses', () => {
    const base = { uri: 'sip:1001@pbx.example.com', wsServers: ['wss://pbx.example.com/ws'] };
    expect(SetPhoneAccountInput.safeParse({ ...base, iceServers: [{ urls: ['turn:turn.example.com'] }] }).success).toBe(false);
    expect(SetPhoneAccountInput.safeParse({ ...base, iceServers: [STUN], iceTransportPolicy: 'relay' }).success).toBe(false);
    expect(SetPhoneAccountInput.safeParse({ ...base, iceServers: [{ urls: ['http://turn.example.com'] }] }).success).toBe(false);
    expect(SetPhoneAccountInput.safeParse({ ...base, iceServers: [STUN, TURN], iceTransportPolicy: 'relay', turnPassword: 'x' }).success).toBe(true);
  });

  it('reads IT\'s STUN/TURN settings from the environment', () => {
    const seed = phoneSeedFromEnv(
      {
        AGENT_SIP_USER: '1001',
        AGENT_SIP_WS: 'wss://pbx.example.com/ws',
        AGENT_SIP_ICE_SERVERS: 'stun:stun.example.com:3478, turn:turn.example.com:3478?transport=udp',
        AGENT_SIP_TURN_USER: 'agent',
        AGENT_SIP_TURN_PASSWORD: 'turn-secret',
        AGENT_SIP_ICE_POLICY: 'relay',
      },
      false,
    );
    expect(seed?.account).toMatchObject({
      iceServers: [
        { urls: ['stun:stun.example.com:3478'], username: null },
        { urls: ['turn:turn.example.com:3478?transport=udp'], username: 'agent' },
      ],
      iceTransportPolicy: 'relay',
      turnPassword: 'turn-secret',
    });
    expect(SetPhoneAccountInput.safeParse(seed?.account).success).toBe(true);
    expect(phoneSeedFromEnv({ AGENT_SIP_USER: '1001' }, false)?.account).not.toHaveProperty('iceServers');
  });
});
