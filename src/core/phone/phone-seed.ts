import type { SetPhoneAccountInput } from '../../contract';

/** The demo profile's account: extension 1001 on a Kamailio on this machine (tests/sip/kamailio.cfg). */
export const DEMO_PHONE_ACCOUNT: SetPhoneAccountInput = {
  uri: 'sip:1001@127.0.0.1',
  wsServers: ['ws://127.0.0.1:8088'],
  displayName: 'Ayesha Khan',
  password: 'secret1',
};

/**
 * The SIP account a host pre-seeds at start: IT (or a test) sets AGENT_SIP_USER / AGENT_SIP_DOMAIN /
 * AGENT_SIP_WS / AGENT_SIP_PASSWORD; the demo profile falls back to DEMO_PHONE_ACCOUNT.
 * Null: leave whatever the profile has stored. `replace` false: only fill in a profile that has no account.
 */
export interface PhoneSeed {
  readonly account: SetPhoneAccountInput;
  readonly replace: boolean;
}

export function phoneSeedFromEnv(env: NodeJS.ProcessEnv, demo: boolean): PhoneSeed | null {
  const user = env.AGENT_SIP_USER;
  const ws = env.AGENT_SIP_WS;
  if (!user && !ws && !demo) return null;
  const domain = env.AGENT_SIP_DOMAIN ?? '127.0.0.1';
  const base = demo ? DEMO_PHONE_ACCOUNT : null;
  const seed: SetPhoneAccountInput = {
    uri: user ? `sip:${user}@${domain}` : (base?.uri ?? ''),
    wsServers: ws ? ws.split(',').map((s) => s.trim()) : (base?.wsServers ?? []),
    displayName: env.AGENT_SIP_DISPLAY_NAME ?? base?.displayName ?? '',
    dtmfTransport: env.AGENT_SIP_DTMF === 'info' ? 'info' : 'rfc4733',
  };
  const password = env.AGENT_SIP_PASSWORD ?? base?.password;
  if (password) seed.password = password;
  return { account: seed, replace: Boolean(user || ws) };
}
