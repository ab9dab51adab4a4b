import { describe, expect, it } from 'vitest';
import { AdminPolicyFields, SetPhoneAccountInput, isLoopbackHost, refuseInsecureServerUrl } from '../../src/contract';
import { parseAdminPolicy } from '../../src/core/policy/admin-policy';

const code = (url: string, kind: 'sync' | 'sip-ws') => refuseInsecureServerUrl(url, kind)?.code ?? 'ok';

describe('secure server URLs (Electron checklist item 1)', () => {
  it('lets the sync server use https:// anywhere and http:// only to this machine', () => {
    for (const url of ['https://sync.example.com', 'https://10.0.0.5:8443/sync', 'https://[2001:db8::1]/']) expect(code(url, 'sync')).toBe('ok');
    for (const url of [
      'http://127.0.0.1:4000',
      'http://127.8.9.10/',
      'http://localhost:4000',
      'http://LOCALHOST:4000', // the URL parser lower-cases the host
      'http://[::1]:4000',
      'http://127.1:4000', // the parser's short form of 127.0.0.1
      'http://0x7f000001/', // and its hexadecimal one
    ]) {
      expect(code(url, 'sync'), url).toBe('ok');
    }
  });

  it('refuses plain http:// to a LAN or internet host, naming the host and the fix', () => {
    const r = refuseInsecureServerUrl('http://192.168.1.20:4000', 'sync');
    expect(r).toEqual({ code: 'INSECURE_TRANSPORT', message: expect.stringContaining('192.168.1.20') });
    expect(r?.message).toContain('https://');
    for (const url of ['http://10.0.0.5', 'http://sync.example.com', 'http://[fe80::1]/', 'http://0.0.0.0:4000']) expect(code(url, 'sync'), url).toBe('INSECURE_TRANSPORT');
  });

  it('is not fooled by names that only look like loopback', () => {
    for (const url of [
      'http://127.0.0.1.evil.com/',
      'http://localhost.evil.com/',
      'http://evil.localhost/',
      'http://127.0.0.1@evil.com/', // user info, the host is evil.com
      'http://evil.com/127.0.0.1',
      'http://evil.com#@127.0.0.1',
      'http://[::1].evil.com/',
    ]) {
      expect(code(url, 'sync'), url).not.toBe('ok');
    }
    expect(isLoopbackHost('127.0.0.1.evil.com')).toBe(false);
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
  });

  it('wants wss:// for a remote SIP WebSocket server and allows ws:// to loopback', () => {
    expect(code('wss://pbx.example.com:8089/ws', 'sip-ws')).toBe('ok');
    expect(code('wss://192.168.1.10:8089/ws', 'sip-ws')).toBe('ok');
    expect(code('ws://127.0.0.1:8088', 'sip-ws')).toBe('ok');
    expect(code('ws://[::1]:8088/ws', 'sip-ws')).toBe('ok');
    expect(code('ws://pbx.example.com:8088/ws', 'sip-ws')).toBe('INSECURE_TRANSPORT');
    expect(code('ws://192.168.1.10:8088/ws', 'sip-ws')).toBe('INSECURE_TRANSPORT');
    expect(refuseInsecureServerUrl('ws://pbx.example.com:8088/ws', 'sip-ws')?.message).toContain('wss://');
  });

  it('refuses other schemes and text that is not a URL', () => {
    expect(code('ftp://sync.example.com', 'sync')).toBe('NOT_A_URL');
    expect(code('wss://sync.example.com', 'sync')).toBe('NOT_A_URL');
    expect(code('https://pbx.example.com/ws', 'sip-ws')).toBe('NOT_A_URL');
    expect(code('sync.example.com', 'sync')).toBe('NOT_A_URL');
    expect(code('', 'sip-ws')).toBe('NOT_A_URL');
    expect(code('wss://pbx example.com/ws', 'sip-ws')).toBe('NOT_A_URL');
  });

  it('is the rule of the policy schema, the env variable and the agent phone settings', () => {
    expect(AdminPolicyFields.syncServerUrl.safeParse('http://127.0.0.1:4000').success).toBe(true);
    const policy = parseAdminPolicy(
      { sipWsServers: ['wss://sbc1.example.com/ws', 'ws://sbc2.example.com/ws'], sipDomain: 'example.com' },
      { AGENT_SYNC_URL: 'http://sync.lan:4000' },
    );
    // Each refused field by name, the rest applies.
    expect(policy.policy).toEqual({ sipDomain: 'example.com' });
    expect(policy.problems.map((p) => [p.field, p.source])).toEqual([
      ['syncServerUrl', 'env'],
      ['sipWsServers', 'file'],
    ]);
    expect(policy.problems[1]?.message).toMatch(/^1: ws:\/\/ sends data unencrypted to sbc2\.example\.com/);

    const phone = SetPhoneAccountInput.safeParse({ uri: 'sip:1001@pbx.example.com', wsServers: ['ws://pbx.example.com:8088/ws'] });
    expect(phone.success).toBe(false);
    expect(phone.error?.issues[0]?.message).toContain('wss://');
    expect(SetPhoneAccountInput.safeParse({ uri: 'sip:1001@127.0.0.1', wsServers: ['ws://127.0.0.1:8088'] }).success).toBe(true);
  });
});
