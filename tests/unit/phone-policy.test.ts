import { describe, expect, it } from 'vitest';
import { PresenceState, type EventName } from '../../src/contract';
import { registrationPolicyFor } from '../../src/core/phone/phone-service';
import { phoneSeedFromEnv } from '../../src/core/phone/phone-seed';
import { silentLogger } from '../../src/core/log';
import { createDemoFileVault } from '../../src/core/vault/demo-file-vault';
import { startDemoCore, tempDir } from '../support/test-core';

describe('phone policy and account in the core', () => {
  it('derives registration from every presence state', () => {
    const table = Object.fromEntries(PresenceState.options.map((s) => [s, registrationPolicyFor(s)]));
    expect(table).toEqual({
      Available: 'register',
      Busy: 'register',
      'Wrap-up': 'register',
      Break: 'register-busy',
      Lunch: 'register-busy',
      Training: 'register-busy',
      Meeting: 'register-busy',
      Offline: 'unregister',
    });
  });

  it('emits phone.policy when presence changes, and keeps the password out of the account', async () => {
    const { core } = await startDemoCore();
    const seen: Array<[EventName, unknown]> = [];
    core.subscribe((name, payload) => seen.push([name, payload]));
    expect(await core.dispatch('phone.account', {}, { transport: 'in-process' })).toEqual({ ok: true, value: null });
    expect(await core.dispatch('phone.credentials', {}, { transport: 'in-process' })).toMatchObject({
      ok: false,
      error: { code: 'PHONE_NOT_CONFIGURED' },
    });

    const set = await core.dispatch(
      'phone.setAccount',
      { uri: 'sip:1001@127.0.0.1', wsServers: ['ws://127.0.0.1:8088'], password: 'secret1' },
      { transport: 'in-process' },
    );
    expect(set).toMatchObject({ ok: true, value: { uri: 'sip:1001@127.0.0.1', hasPassword: true, dtmfTransport: 'rfc4733' } });
    expect(JSON.stringify(set)).not.toContain('secret1');
    expect(await core.dispatch('phone.credentials', {}, { transport: 'in-process' })).toMatchObject({ ok: true, value: { password: 'secret1' } });
    expect(await core.dispatch('phone.setAccount', { uri: 'not a uri', wsServers: [] }, { transport: 'in-process' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });

    await core.dispatch('presence.set', { state: 'Lunch' }, { transport: 'in-process' });
    expect(seen).toContainEqual(['phone.policy', { registration: 'register-busy', presence: 'Lunch' }]);
    expect(await core.dispatch('phone.policy', {}, { transport: 'in-process' })).toEqual({
      ok: true,
      value: { registration: 'register-busy', presence: 'Lunch' },
    });
    core.close();
  });

  it('keeps the TURN password in the vault, and refuses TURN without one before writing anything', async () => {
    const dataDir = tempDir();
    const vault = createDemoFileVault(dataDir);
    const { core } = await startDemoCore(dataDir, { vault });
    const ctx = { transport: 'in-process' } as const;
    const account = {
      uri: 'sip:1001@127.0.0.1',
      wsServers: ['ws://127.0.0.1:8088'],
      password: 'secret1',
      iceServers: [{ urls: ['turn:127.0.0.1:3478?transport=udp'], username: 'agent' }],
      iceTransportPolicy: 'relay',
    };
    expect(await core.dispatch('phone.setAccount', account, ctx)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('TURN password') } });
    expect(await core.dispatch('phone.account', {}, ctx)).toEqual({ ok: true, value: null });

    const set = await core.dispatch('phone.setAccount', { ...account, turnPassword: 'turn-secret' }, ctx);
    expect(set).toMatchObject({ ok: true, value: { hasPassword: true, hasTurnPassword: true, iceTransportPolicy: 'relay' } });
    expect(JSON.stringify(set)).not.toContain('turn-secret');
    expect(await core.dispatch('phone.credentials', {}, ctx)).toMatchObject({ ok: true, value: { password: 'secret1', turnPassword: 'turn-secret' } });

    // Changing something else keeps both stored passwords.
    const { password: _sip, ...withoutPassword } = account;
    expect(await core.dispatch('phone.setAccount', { ...withoutPassword, displayName: 'Ayesha' }, ctx)).toMatchObject({
      ok: true,
      value: { hasPassword: true, hasTurnPassword: true },
    });
    expect(await core.dispatch('phone.credentials', {}, ctx)).toMatchObject({ ok: true, value: { turnPassword: 'turn-secret' } });

    // A new address carries both passwords over and leaves no secret under the old one.
    await core.dispatch('phone.setAccount', { ...withoutPassword, uri: 'sip:1002@127.0.0.1' }, ctx);
    expect(await core.dispatch('phone.credentials', {}, ctx)).toMatchObject({ ok: true, value: { password: 'secret1', turnPassword: 'turn-secret' } });
    expect(await vault.get('sip-password:demo:sip:1002@127.0.0.1')).toBe('secret1');
    expect(await vault.get('sip-password:demo:sip:1001@127.0.0.1')).toBeNull();
    expect(await vault.get('turn-password:demo:sip:1001@127.0.0.1')).toBeNull();
    // TURN dropped from the account: its password leaves the vault too.
    expect(await core.dispatch('phone.setAccount', { uri: 'sip:1002@127.0.0.1', wsServers: ['ws://127.0.0.1:8088'] }, ctx)).toMatchObject({
      ok: true,
      value: { hasPassword: true, hasTurnPassword: false, iceServers: [] },
    });
    expect(await vault.get('turn-password:demo:sip:1002@127.0.0.1')).toBeNull();
    core.close();
  });

  it('starts the desk with the stored account when IT\'s environment settings are invalid, and logs which', async () => {
    const dataDir = tempDir();
    const first = await startDemoCore(dataDir, { phoneSeed: phoneSeedFromEnv({ AGENT_SIP_USER: '1003', AGENT_SIP_WS: 'ws://127.0.0.1:8088', AGENT_SIP_PASSWORD: 'secret3' }, false) });
    first.core.close();
    const logged: string[] = [];
    const log = { ...silentLogger, error: (msg: string, ctx?: Record<string, unknown>) => void logged.push(`${msg} ${JSON.stringify(ctx)}`) };
    const env = { AGENT_SIP_USER: '1003', AGENT_SIP_WS: 'ws://127.0.0.1:8088', AGENT_SIP_ICE_SERVERS: 'turn:turn.example.com', AGENT_SIP_TURN_PASSWORD: 'x' };
    const { core } = await startDemoCore(dataDir, { phoneSeed: phoneSeedFromEnv(env, false), log });
    expect(await core.dispatch('phone.account', {}, { transport: 'in-process' })).toMatchObject({ ok: true, value: { uri: 'sip:1003@127.0.0.1', iceServers: [] } });
    expect(logged.join('\n')).toContain('a TURN server needs a username');
    core.close();
  });

  it('seeds the demo account, and lets the environment point a profile at another server', () => {
    expect(phoneSeedFromEnv({}, false)).toBeNull();
    expect(phoneSeedFromEnv({}, true)).toMatchObject({ replace: false, account: { uri: 'sip:1001@127.0.0.1' } });
    expect(phoneSeedFromEnv({ AGENT_SIP_USER: '1003', AGENT_SIP_PASSWORD: 'secret3', AGENT_SIP_WS: 'ws://127.0.0.1:9000' }, false)).toEqual({
      replace: true,
      account: { uri: 'sip:1003@127.0.0.1', wsServers: ['ws://127.0.0.1:9000'], displayName: '', dtmfTransport: 'rfc4733', password: 'secret3' },
    });
  });
});
