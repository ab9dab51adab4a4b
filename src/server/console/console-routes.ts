import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AgentError, ConsoleSignInRequest, KpiQuery, SendMessageRequest, type TeamKpis, type BoardEvent, type BoardSnapshot, type ConsoleAccount, type ConsoleMe, type SentMessage } from '../../contract';
import { kpisCsv, teamKpis } from './kpis';
import { sendMessage, sentMessages } from './messages';
import type { Logger } from '../../core/log';
import type { SyncDb } from '../db';
import { SignInThrottle } from '../sign-in-throttle';
import { BoardHub, readBoardRows, toBoardAgent } from './board';
import { CONSOLE_SESSION_HOURS, consoleAccountOf, consoleSignIn, consoleSignOut } from './console-accounts';
import { serveConsolePage } from './console-static';
import { clearedSessionCookie, sessionCookie, sessionFromCookieHeader } from './session-cookie';
import { teamsOf } from './teams';

declare module 'fastify' {
  interface FastifyRequest {
    consoleAccount?: ConsoleAccount;
  }
}

export interface ConsoleDeps {
  readonly db: SyncDb;
  readonly log: Logger;
  readonly throttle: SignInThrottle;
  readonly board: BoardHub;
  readonly consoleDir: string;
  readonly parse: <T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, value: unknown) => T;
}

/** SSE comment lines keep proxies from closing a quiet board stream. */
const SSE_KEEPALIVE_MS = 15_000;

/**
 * The supervisor console's routes (the page and /console/api). Sessions are a cookie
 * (session-cookie.ts); an Authorization header — an agent's bearer token — is answered 403 on
 * every /console route, so a workstation's credentials open nothing here.
 *
 *   POST /console/api/sign-in   {username, password}  → ConsoleMe + Set-Cookie; 429 when throttled
 *   POST /console/api/sign-out                        → 204, cookie cleared
 *   GET  /console/api/me                              → ConsoleMe
 *   GET  /console/api/board                           → BoardSnapshot (the agents of the account's teams)
 *   GET  /console/api/board/events                    → text/event-stream of BoardEvent: all, then changes
 *   POST /console/api/messages  SendMessageRequest    → {messageId, recipients}; 403 outside the account's teams
 *   GET  /console/api/messages                        → SentMessage[] (newest first, with receipts)
 *   GET  /console/api/kpis?team=&from=&to=            → TeamKpis (dates in the team's time zone)
 *   GET  /console/api/kpis.csv?team=&from=&to=        → the same as CSV (a download)
 *   GET  /console/…                                   → the page (console-static.ts)
 */
export function registerConsole(app: FastifyInstance, deps: ConsoleDeps): void {
  const { db, throttle, board, parse } = deps;

  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/console')) return;
    if (req.headers.authorization !== undefined) {
      return reply.status(403).send({ error: { code: 'FORBIDDEN', message: 'Agent accounts cannot open the supervisor console.' } });
    }
  });

  const requireSupervisor = async (req: FastifyRequest) => {
    req.consoleAccount = await consoleAccountOf(db, sessionFromCookieHeader(req.headers.cookie));
  };
  const accountOf = (req: FastifyRequest): ConsoleAccount => {
    if (!req.consoleAccount) throw new AgentError('UNAUTHORIZED', 'Sign in to the console.');
    return req.consoleAccount;
  };
  const secure = (req: FastifyRequest) => req.protocol === 'https';
  const me = async (account: ConsoleAccount): Promise<ConsoleMe> => ({ account, teams: await teamsOf(db, account) });
  /** The team ids an account watches; null for an admin (every team). */
  const teamSet = async (account: ConsoleAccount) => (account.role === 'admin' ? null : new Set((await teamsOf(db, account)).map((t) => t.id)));

  app.post('/console/api/sign-in', async (req, reply) => {
    const body = parse(ConsoleSignInRequest, req.body);
    // Its own throttle keys: a supervisor and an agent may share a username.
    const keys = SignInThrottle.keys(`console:${body.username}`, req.ip);
    await throttle.attempt(keys);
    const { token, account } = await consoleSignIn(db, body.username, body.password);
    await throttle.succeeded(keys);
    reply.header('set-cookie', sessionCookie(token, { secure: secure(req), maxAgeSeconds: CONSOLE_SESSION_HOURS * 3600 }));
    return me(account);
  });

  app.post('/console/api/sign-out', { onRequest: requireSupervisor }, async (req, reply) => {
    const token = sessionFromCookieHeader(req.headers.cookie);
    if (token) await consoleSignOut(db, token);
    return reply.header('set-cookie', clearedSessionCookie(secure(req))).status(204).send();
  });

  app.get('/console/api/me', { onRequest: requireSupervisor }, async (req) => me(accountOf(req)));

  app.get('/console/api/board', { onRequest: requireSupervisor }, async (req): Promise<BoardSnapshot> => {
    const teams = await teamSet(accountOf(req));
    const now = Date.now();
    const rows = (await readBoardRows(db, null)).filter((r) => teams === null || r.teamIds.some((t) => teams.has(t)));
    return {
      agents: rows.map((r) => toBoardAgent(r, now, board.lagAfterMs, teams)),
      serverTime: new Date(now).toISOString(),
      lagAfterMs: board.lagAfterMs,
    };
  });

  app.get('/console/api/board/events', { onRequest: requireSupervisor }, async (req, reply) => {
    const account = accountOf(req);
    const teams = await teamSet(account);
    openEventStream(reply, (send) => board.watch({ account, teams, send }));
  });

  app.post('/console/api/messages', { onRequest: requireSupervisor }, async (req) => {
    const body = parse(SendMessageRequest, req.body);
    return sendMessage(db, accountOf(req), body);
  });

  app.get('/console/api/messages', { onRequest: requireSupervisor }, async (req): Promise<SentMessage[]> => sentMessages(db, accountOf(req)));

  app.get('/console/api/kpis', { onRequest: requireSupervisor }, async (req): Promise<TeamKpis> => {
    const q = parse(KpiQuery, req.query);
    return teamKpis(db, accountOf(req), q.team, q.from, q.to);
  });

  app.get('/console/api/kpis.csv', { onRequest: requireSupervisor }, async (req, reply) => {
    const q = parse(KpiQuery, req.query);
    const k = await teamKpis(db, accountOf(req), q.team, q.from, q.to);
    const name = `kpis-${k.team.name.replace(/[^A-Za-z0-9-]+/g, '-')}-${q.from}-${q.to}.csv`;
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(kpisCsv(k));
  });

  serveConsolePage(app, deps.consoleDir);
}

/**
 * Server-Sent Events (HTML Living Standard §9.2): each event one `data:` line of JSON. `subscribe`
 * gets the sender and returns its remover, called when the browser goes away.
 */
function openEventStream(reply: FastifyReply, subscribe: (send: (event: BoardEvent) => void) => () => void): void {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    connection: 'keep-alive',
  });
  // The browser's EventSource reconnects after this long if the stream drops.
  res.write('retry: 1000\n\n');
  const unsubscribe = subscribe((event) => {
    res.write(`data: ${JSON.stringify(event)}\n\n`);
  });
  const keepalive = setInterval(() => res.write(': keepalive\n\n'), SSE_KEEPALIVE_MS);
  keepalive.unref();
  const end = () => {
    clearInterval(keepalive);
    unsubscribe();
  };
  res.on('close', end);
  res.on('error', end);
}
