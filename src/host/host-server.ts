import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { CONTENT_SECURITY_POLICY, DESK_PARAM, DESK_REFUSED_CLOSE_CODE, fail, HOST_WS_PATH, OpenWork, PhoneStatus, RequestFrame, TAKEN_OVER_CLOSE_CODE, type ServerFrame } from '../contract';
import type { Core } from '../core/core';
import type { Logger } from '../core/log';
import {
  CODE_PARAM,
  ONE_TIME_CODE_PATH,
  OneTimeCodes,
  bearerToken,
  PAGE_ONLY_METHODS,
  hostHeaderAllowed,
  isPageOrigin,
  originAllowed,
  sessionCookie,
  sessionToken,
  tokenMatches,
} from './host-security';
import { claimDesk, type DeskClaim } from './desk-claim';
import { resolveStaticFile } from './static-files';

export interface HostServerOptions {
  readonly core: Core;
  readonly rendererDir: string;
  /** The session secret, sent to the page only as an HttpOnly cookie. */
  readonly token: string;
  readonly port?: number;
  readonly log: Logger;
}

export interface HostServer {
  readonly port: number;
  /** The address to open: it carries a one-time code, redeemed for the session cookie. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The largest agent API frame: a note at its contract limit (NOTE_MAX_LENGTH characters, up to
 * 4 bytes each in UTF-8) fits with room to spare. A bigger frame closes that socket (1009); the
 * page reconnects, the host stays up.
 */
export const MAX_FRAME_BYTES = 1024 * 1024;

/**
 * The browser host: serves the built renderer on 127.0.0.1 and carries the agent API over a
 * WebSocket. Every HTTP request and socket must present the session cookie, which the page gets
 * by redeeming the one-time code in the address the host opened.
 */
export async function startHostServer(options: HostServerOptions): Promise<HostServer> {
  const { core, token, log } = options;
  const rendererDir = path.resolve(options.rendererDir);
  let port = options.port ?? 0;
  const codes = new OneTimeCodes();
  const addressWithCode = () => `http://127.0.0.1:${port}/?${CODE_PARAM}=${codes.issue()}`;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!hostHeaderAllowed(req, port)) {
      res.writeHead(421).end('wrong host');
      return;
    }
    if (url.pathname === ONE_TIME_CODE_PATH) {
      // Only a process that read the page secret from the profile's vault: never a page (no
      // Origin allowed, and a page's cookie is not the bearer header a page could set).
      if (req.method !== 'POST' || req.headers.origin !== undefined || !tokenMatches(token, bearerToken(req))) {
        log.warn('host: a request for a one-time address was refused');
        res.writeHead(403, { 'content-type': 'text/plain' }).end('refused');
        return;
      }
      log.info('host: a second start asked for a fresh one-time address');
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ url: addressWithCode() }));
      return;
    }
    const hasSession = tokenMatches(token, sessionToken(req));
    const code = url.searchParams.get(CODE_PARAM);
    if (code !== null) {
      // Redeem (or, for a page that already has its session, drop) the code, then send the
      // browser on to the same address without it so the code stays out of its history.
      const redeemed = codes.redeem(code);
      if (redeemed) log.info('host: the page redeemed its one-time code');
      if (redeemed || hasSession) {
        url.searchParams.delete(CODE_PARAM);
        res.writeHead(303, { location: url.pathname + url.search, 'cache-control': 'no-store', ...(redeemed ? { 'set-cookie': sessionCookie(token) } : {}) }).end();
        return;
      }
    }
    if (!hasSession) {
      log.warn('host: request without a valid session refused', { path: url.pathname });
      res.writeHead(403, { 'content-type': 'text/plain' }).end('This workstation page needs the address printed at start-up, and that address works once (it signs this browser in). Go back to the window it opened, or run npm start again: it prints a new address for this running desk.');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const found = resolveStaticFile(rendererDir, url.pathname);
    if (!found) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': found.type,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    if (req.method === 'HEAD') res.end();
    else
      fs.createReadStream(found.file)
        .on('error', (err) => {
          log.warn('host: static file could not be read', { path: url.pathname, error: err });
          res.destroy();
        })
        .pipe(res);
  });
  // A malformed request line or header ends that connection, never the process.
  server.on('clientError', (err, socket) => {
    log.warn('host: malformed HTTP request refused', { error: err });
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    else socket.destroy();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  /** The page that is the desk now; a newer page takes over from it. */
  let activePage: WebSocket | null = null;
  wss.on('error', (err) => log.warn('host: agent API server error', { error: err }));
  server.on('upgrade', (req, socket, head) => {
    // Node drops its own socket error listener before 'upgrade'; a reset here must not be unhandled.
    socket.on('error', (err) => log.warn('host: agent API connection failed', { error: err }));
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const allowed =
      url.pathname === HOST_WS_PATH &&
      hostHeaderAllowed(req, port) &&
      originAllowed(req, port) &&
      tokenMatches(token, sessionToken(req));
    if (!allowed) {
      log.warn('host: agent API connection refused', { path: url.pathname, origin: req.headers.origin });
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const caller = isPageOrigin(req, port) ? 'page' : 'tool';
    const wantsDesk = caller === 'page' && url.searchParams.get(DESK_PARAM) === '1';
    // Decided before the handshake completes, so no frame of a refused page is ever read.
    const decided = wantsDesk ? deskClaim(core, activePage !== null && activePage.readyState === activePage.OPEN).then(claimDesk) : Promise.resolve(null);
    decided.then((decision) =>
      wss.handleUpgrade(req, socket, head, (ws) => {
        // One agent, one desk (issue 16 A5): a newer page takes over from an idle one, which
        // stops; while that one is on a call or in its wrap-up, the newer page is refused.
        if (decision && !decision.grant) {
          log.info('host: a newer page was refused the desk: the desk is busy', { why: decision.why });
          ws.on('error', (err) => log.warn('host: refused desk socket failed', { error: err }));
          ws.close(DESK_REFUSED_CLOSE_CODE, decision.why);
          return;
        }
        if (decision) {
          if (decision.takeOver && activePage) {
            log.info('host: another page took over the desk');
            activePage.close(TAKEN_OVER_CLOSE_CODE, 'taken over');
          }
          activePage = ws;
        }
        serveAgentSocket(ws, core, log, caller);
      }),
    ).catch((err: unknown) => {
      log.error('host: agent API connection could not be set up', { error: err });
      socket.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    url: addressWithCode(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * What the core says about the desk's work now, for `claimDesk()`. A core that cannot answer
 * (its store failed) counts as busy: refusing a second page loses nothing, a takeover could.
 */
async function deskClaim(core: Core, otherDeskOpen: boolean): Promise<DeskClaim> {
  if (!otherDeskOpen) return { otherDeskOpen, activeCalls: 0, openWork: 'none' };
  const ctx = { transport: 'in-process' } as const;
  const [status, work] = await Promise.all([core.dispatch('phone.status', {}, ctx), core.dispatch('wrapup.current', {}, ctx)]);
  const phone = status.ok ? PhoneStatus.safeParse(status.value) : null;
  const open = work.ok ? OpenWork.nullable().safeParse(work.value) : null;
  if (!phone?.success || !open?.success) return { otherDeskOpen, activeCalls: 1, openWork: 'live-call' };
  return {
    otherDeskOpen,
    activeCalls: phone.data.activeCalls,
    openWork: open.data === null ? 'none' : open.data.call.endedAt === null ? 'live-call' : 'wrap-up',
  };
}

/** Who is at the other end: a page this host served, or a tool (no Origin) holding the session. */
type Caller = 'page' | 'tool';

function serveAgentSocket(ws: WebSocket, core: Core, log: Logger, caller: Caller): void {
  const send = (frame: ServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const unsubscribe = core.subscribe((name, payload) => send({ type: 'event', name, payload }));
  ws.on('close', unsubscribe);
  // `ws` reports a frame that is not valid UTF-8, too large (maxPayload) or otherwise broken as an
  // 'error' on this socket and then closes it; unhandled, that error would end the host process.
  ws.on('error', (err) => log.warn('host: agent API socket closed on a bad frame', { error: err }));
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      log.warn('host: binary agent API frame ignored');
      return;
    }
    void answer(data.toString()).catch((err: unknown) => log.error('host: agent API frame could not be answered', { error: err }));
  });

  const answer = async (text: string) => {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      log.warn('host: agent API frame is not JSON');
      return;
    }
    const frame = RequestFrame.safeParse(raw);
    if (!frame.success) {
      const id = (raw as { id?: unknown } | null)?.id;
      log.warn('host: malformed agent API frame', { id: typeof id === 'number' ? id : undefined });
      if (typeof id === 'number' && Number.isInteger(id) && id >= 0) {
        send({ type: 'response', id, result: fail('INVALID_INPUT', 'Malformed request frame.') });
      }
      return;
    }
    if (caller !== 'page' && PAGE_ONLY_METHODS.has(frame.data.method)) {
      log.warn('host: page-only method refused to a tool', { method: frame.data.method });
      send({ type: 'response', id: frame.data.id, result: fail('FORBIDDEN', `${frame.data.method} answers only the workstation page.`) });
      return;
    }
    const result = await core.dispatch(frame.data.method, frame.data.input, { transport: 'websocket' });
    send({ type: 'response', id: frame.data.id, result });
  };
}
