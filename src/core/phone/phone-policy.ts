import type { AdminPolicy, PhoneAccount, PhonePolicyField } from '../../contract';

/**
 * IT's machine-wide phone settings over the account (issue 15 B1): the SIP WebSocket servers,
 * the SIP domain (the host part of the account's address) and the STUN/TURN servers, where the
 * policy sets them. The page's phone reads the account through `phone.credentials`, so it dials
 * and registers with what this returns. A TURN server's password stays the account's, in the
 * keychain. `fromPolicy` names the fields IT set, which the settings show as locked. Pure.
 */
export function applyPhonePolicy<A extends Pick<PhoneAccount, 'uri' | 'wsServers' | 'iceServers'>>(
  account: A,
  policy: AdminPolicy,
): A & { fromPolicy: PhonePolicyField[] } {
  const fromPolicy: PhonePolicyField[] = [];
  let next: A = account;
  if (policy.sipWsServers) {
    next = { ...next, wsServers: policy.sipWsServers };
    fromPolicy.push('wsServers');
  }
  if (policy.sipDomain) {
    // sip:user@host[:port][;params] — the user part stays, the host is IT's domain.
    next = { ...next, uri: next.uri.replace(/@[^;?]*/, `@${policy.sipDomain}`) };
    fromPolicy.push('domain');
  }
  if (policy.iceServers) {
    next = { ...next, iceServers: policy.iceServers };
    fromPolicy.push('iceServers');
  }
  return { ...next, fromPolicy };
}
