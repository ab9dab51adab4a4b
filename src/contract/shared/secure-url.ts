/**
 * Electron's security checklist item 1, "Only load secure content"
 * (https://www.electronjs.org/docs/latest/tutorial/security#1-only-load-secure-content), for the
 * two servers the workstation talks to over the network: the sync server must be reached over
 * TLS (`https:`) and a SIP WebSocket server over TLS (`wss:`, RFC 7118 §5), since both carry
 * customer data and credentials (the sync token, the SIP digest exchange). Plain `http:` / `ws:`
 * is allowed only to the machine itself — the loopback addresses 127.0.0.0/8 and ::1 (RFC 6890)
 * and the name `localhost` (RFC 6761 §6.3) — where nothing crosses a network: the demo's
 * embedded sync server and every test use that. One rule, used by the admin policy's schema,
 * the agent's phone settings and the hosts' choice of sync server. Pure.
 */

/** Which server a URL names: the sync server (`https:`) or a SIP WebSocket server (`wss:`). */
export type ServerUrlKind = 'sync' | 'sip-ws';

/**
 * Why a URL was refused: NOT_A_URL — it does not parse, or its scheme is not one of the kind's
 * two; INSECURE_TRANSPORT — the plain scheme to a host that is not loopback.
 */
export type ServerUrlRefusal = { readonly code: 'NOT_A_URL' | 'INSECURE_TRANSPORT'; readonly message: string };

const SCHEMES: Record<ServerUrlKind, { readonly secure: string; readonly plain: string; readonly example: string }> = {
  sync: { secure: 'https:', plain: 'http:', example: 'https://sync.example.com' },
  'sip-ws': { secure: 'wss:', plain: 'ws:', example: 'wss://pbx.example.com:8089/ws' },
};

/**
 * Whether a host, as the WHATWG URL parser normalises it (`127.1` and `0x7f000001` become
 * `127.0.0.1`, IPv6 comes in brackets), is this machine. A name that merely starts with a
 * loopback address (`127.0.0.1.evil.com`) is a DNS name like any other, and is not.
 */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * Checks a server URL against the rule above. Returns null when it may be used, else the
 * refusal with a message an IT person or agent can act on.
 */
export function refuseInsecureServerUrl(url: string, kind: ServerUrlKind): ServerUrlRefusal | null {
  const s = SCHEMES[kind];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { code: 'NOT_A_URL', message: `not a URL; give one like ${s.example}` };
  }
  if (parsed.protocol === s.secure) return null;
  if (parsed.protocol !== s.plain) return { code: 'NOT_A_URL', message: `must start with ${s.secure}// (like ${s.example})` };
  if (isLoopbackHost(parsed.hostname)) return null;
  return {
    code: 'INSECURE_TRANSPORT',
    message: `${s.plain}// sends data unencrypted to ${parsed.hostname}; use ${s.secure}// (plain ${s.plain}// only to this machine: 127.0.0.1, ::1, localhost)`,
  };
}
