/**
 * The SIP server's own URI, where the keepalive OPTIONS goes: the account's host and port with
 * no user part (RFC 3261 §11: OPTIONS to a server's URI asks the server itself; Kamailio, Asterisk
 * and FreeSWITCH answer it without a challenge). Which URI that is lives here; that JsSIP sends a
 * user-less URI as it is — stock JsSIP read `sip:127.0.0.1` as the number 127001 — is fixed at
 * the library's depth, in patches/jssip+*.patch (normalizeTarget).
 */
import { URI } from 'jssip';

export interface ServerAddress {
  readonly scheme: 'sip' | 'sips';
  /** A hostname, an IPv4 address, or an IPv6 reference in brackets (RFC 3261 §25.1 hostport). */
  readonly host: string;
  /** The port when the account names one; absent means the scheme's default. */
  readonly port?: number;
}

/** The server part of an account URI like `sip:1001@pbx.example.com:5070;transport=ws`; null if it has none. */
export function serverAddressOf(accountUri: string): ServerAddress | null {
  const match = /^(sips?):(?:[^@]*@)?(\[[0-9a-fA-F:.]+\]|[^:;?>\s[\]]+)(?::(\d{1,5}))?(?:[;?>].*)?$/i.exec(accountUri.trim());
  if (!match?.[1] || !match[2]) return null;
  const scheme = match[1].toLowerCase() === 'sips' ? 'sips' : 'sip';
  const port = match[3] ? Number(match[3]) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) return null;
  return port === undefined ? { scheme, host: match[2] } : { scheme, host: match[2], port };
}

/** The server's URI as a JsSIP URI object, which JsSIP sends as it is; null if the account URI has no server part. */
export function serverUriOf(accountUri: string): URI | null {
  const address = serverAddressOf(accountUri);
  return address ? new URI(address.scheme, '', address.host, address.port) : null;
}
