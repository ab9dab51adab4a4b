/**
 * Turns what an agent typed, clicked or the OS handed over (tel:+44 20 7946 0958, sip:1002@pbx,
 * "0300-1234567") into a SIP request URI on the account's domain, or null when nothing dialable
 * is left. Pure, so links from anywhere go through one tested path.
 */
export function normalizeDialTarget(input: string, domain: string): string | null {
  const raw = input.trim();
  if (/^sips?:/i.test(raw)) {
    const m = /^(sips?):([^@\s;?]+)(?:@([^\s;?]+))?/i.exec(raw);
    if (!m || !m[2]) return null;
    return `${m[1]!.toLowerCase()}:${m[2]}@${m[3] ?? domain}`;
  }
  const withoutScheme = raw.replace(/^tel:/i, '').split(';')[0] ?? '';
  const dialable = withoutScheme.replace(/[\s().\-/]/g, '');
  if (!/^\+?[0-9*#]+$/.test(dialable)) return null;
  return `sip:${dialable}@${domain}`;
}

/** The user part of a SIP URI or name-addr, which is what a call shows as "the number". */
export function domainOf(uri: string): string {
  const m = /@([^;>\s]+)/.exec(uri);
  return m?.[1] ?? '';
}
