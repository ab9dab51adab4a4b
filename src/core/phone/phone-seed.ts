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
 * AGENT_SIP_WS / AGENT_SIP_PASSWORD, and for media through NAT AGENT_SIP_ICE_SERVERS /
 * AGENT_SIP_TURN_USER / AGENT_SIP_TURN_PASSWORD / AGENT_SIP_ICE_POLICY; the demo profile falls
 * back to DEMO_PHONE_ACCOUNT.
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
  const ice = iceFromEnv(env);
  if (ice) Object.assign(seed, ice);
  const password = env.AGENT_SIP_PASSWORD ?? base?.password;
  if (password) seed.password = password;
  return { account: seed, replace: Boolean(user || ws) };
}

/**
 * AGENT_SIP_ICE_SERVERS is a comma-separated list of stun:/turn:/turns: addresses; the TURN ones
 * share AGENT_SIP_TURN_USER and AGENT_SIP_TURN_PASSWORD (one TURN service per site is the rule).
 * The account's schema validates all of it when the core applies the seed.
 */
function iceFromEnv(env: NodeJS.ProcessEnv): Pick<SetPhoneAccountInput, 'iceServers' | 'iceTransportPolicy' | 'turnPassword'> | null {
  const urls = (env.AGENT_SIP_ICE_SERVERS ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  if (urls.length === 0) return null;
  const turn = urls.filter((u) => /^turns?:/i.test(u));
  const stun = urls.filter((u) => !turn.includes(u));
  const ice: Pick<SetPhoneAccountInput, 'iceServers' | 'iceTransportPolicy' | 'turnPassword'> = {
    iceServers: [
      ...(stun.length ? [{ urls: stun, username: null }] : []),
      ...(turn.length ? [{ urls: turn, username: env.AGENT_SIP_TURN_USER ?? null }] : []),
    ],
    iceTransportPolicy: env.AGENT_SIP_ICE_POLICY === 'relay' ? 'relay' : 'all',
  };
  if (env.AGENT_SIP_TURN_PASSWORD) ice.turnPassword = env.AGENT_SIP_TURN_PASSWORD;
  return ice;
}
