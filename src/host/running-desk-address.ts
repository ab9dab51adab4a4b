import { z } from 'zod';
import { ONE_TIME_CODE_PATH } from './host-security';

const FreshAddress = z.object({ url: z.string().url() });

/**
 * A fresh one-time address of the desk a running host serves at `deskUrl` (the lock's address,
 * no code), asked with the profile's page secret (host-security.ts ONE_TIME_CODE_PATH). Null when
 * the host did not give one (still starting, an older host without the route, a secret that does
 * not match, no answer within `timeoutMs`): the caller then prints the plain address.
 */
export async function askRunningDeskForAddress(deskUrl: string, pageSecret: string, timeoutMs = 5_000): Promise<string | null> {
  try {
    const res = await fetch(new URL(ONE_TIME_CODE_PATH, deskUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${pageSecret}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) return null;
    const parsed = FreshAddress.safeParse(await res.json());
    // Only an address on the same loopback origin: the answer must not send the agent elsewhere.
    return parsed.success && new URL(parsed.data.url).origin === new URL(deskUrl).origin ? parsed.data.url : null;
  } catch {
    return null;
  }
}
