/**
 * When sync is "Online": the one rule, pure. The engine (engine.ts) feeds it what happens on the
 * line to the sync server and writes the answer to the status bar's `SyncStatus.online`.
 *
 * The rule (issue 14: "Offline within 3 s of each cut", whatever the engine was doing):
 * - Online while the poke socket is open and answering its pings (poke-listener.ts pings every
 *   `PING_EVERY_MS` and closes a socket with no answer within `PONG_TIMEOUT_MS`), or within
 *   `RECENT_ANSWER_MS` of the server answering an attempt while the socket is not open
 *   (reconnecting after a cut, or never opened yet).
 * - Offline at once when the poke socket closes (a cut resets it; a blackholed or dead one is
 *   closed by its missed pong), when an attempt finds no server, when the host says the network
 *   went, and while signed out. A slow request changes nothing: only its end does.
 * - An engine without a poke socket (tests that drive pulls themselves) is Online from the
 *   server's last answer to its next failure.
 *
 * Before this rule "Online" was whatever the last attempt said, and a closed poke socket only
 * triggered a check attempt when it had been open and nothing had failed: a cut that came while
 * the socket was still reconnecting after the previous one left "Online" up for good (the shift's
 * 15 s case, tests/integration/sync-offline-on-cut.test.ts).
 */

/**
 * How long the server's answer to an attempt counts while the poke socket is not open: the
 * issue's 3 s, less 1 s for the status to reach the page on a busy machine. Past it, only the
 * open socket (or the next answer) says the line is up.
 */
export const RECENT_ANSWER_MS = 2000;

/** What the engine knows about its line to the sync server. Times are ms on the core's clock. */
export interface LineFacts {
  /** A session to sync with. */
  readonly signedIn: boolean;
  /** The engine keeps a poke socket (false only where a test drives pulls itself). */
  readonly live: boolean;
  /** The poke socket is open (and answered its last ping in time). */
  readonly pokeOpen: boolean;
  /** The last attempt found no server, or the host said the network went; until the server answers again. */
  readonly unreachable: boolean;
  /** When the server last answered an attempt since the poke socket last closed; null: not since. */
  readonly answeredAt: number | null;
}

export const initialLine = (live: boolean): LineFacts => ({ signedIn: false, live, pokeOpen: false, unreachable: false, answeredAt: null });

export type LineEvent =
  | { readonly type: 'signed-in' }
  | { readonly type: 'signed-out' }
  /** An attempt ended with the server's answer: success, or an error the server sent (5xx, a refusal). */
  | { readonly type: 'answered'; readonly at: number }
  /** An attempt found no server (SERVER_UNREACHABLE: refused, reset, timed out, cut off mid-answer). */
  | { readonly type: 'unreachable' }
  /** The host says the network went. */
  | { readonly type: 'network-down' }
  | { readonly type: 'poke-open' }
  /** The poke socket closed, failed to open, or missed a pong (the listener closes it then). */
  | { readonly type: 'poke-closed' };

export function nextLine(f: LineFacts, e: LineEvent): LineFacts {
  switch (e.type) {
    case 'signed-in':
      return { ...f, signedIn: true };
    case 'signed-out':
      return { ...f, signedIn: false, pokeOpen: false, answeredAt: null };
    case 'answered':
      return { ...f, unreachable: false, answeredAt: e.at };
    case 'unreachable':
    case 'network-down':
      return { ...f, unreachable: true, answeredAt: null };
    case 'poke-open':
      // The server took the socket's handshake (with the token): it is reachable.
      return { ...f, pokeOpen: true, unreachable: false };
    case 'poke-closed':
      // An answer from before the close says nothing about the line after it.
      return { ...f, pokeOpen: false, answeredAt: null };
  }
}

/**
 * Online or not at `now`; `recheckAt` is when the answer turns to Offline by itself (the recent
 * answer runs out) unless something happens first, null when only an event can change it.
 */
export function syncOnline(f: LineFacts, now: number): { readonly online: boolean; readonly recheckAt: number | null } {
  if (!f.signedIn || f.unreachable) return { online: false, recheckAt: null };
  if (!f.live) return { online: f.answeredAt !== null, recheckAt: null };
  if (f.pokeOpen) return { online: true, recheckAt: null };
  if (f.answeredAt === null) return { online: false, recheckAt: null };
  const until = f.answeredAt + RECENT_ANSWER_MS;
  return now < until ? { online: true, recheckAt: until } : { online: false, recheckAt: null };
}
