import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import websocket from '@fastify/websocket';
import { AgentError, PullQuery, PushEnvelope, SignInRequest, type AgentErrorShape, type ErrorCode, type PushResponse, type ServerAgent } from '../contract';
import type { Logger } from '../core/log';
import { authenticate, sessionKey, signIn, signOut, type SessionRow } from './auth';
import type { SyncDb } from './db';
import { migrateServer } from './migrations';
import { PokeHub } from './poke';
import { pullPage } from './pull';
import { pullPageBelowHorizon } from './pull-legacy';
import { push } from './push';
import { AdmissionGate, DEFAULT_PUSHES_IN_FLIGHT } from './push-admission';
import { PROCESSED_MUTATION_RETENTION_DAYS, scheduleRetention } from './retention';
import { SessionCache, SESSIONS_CHANNEL } from './session-cache';
import { DEFAULT_SESSION_LIFETIME, type SessionLifetime } from './session-lifetime';
import { SignInLocked, SignInThrottle, type ThrottleRule } from './sign-in-throttle';
import { BoardHub, DEFAULT_LAG_AFTER_MS, HeartbeatRecorder } from './console/board';
import { heartbeatIntervalFor } from './console/board-state';
import { registerConsole } from './console/console-routes';
import { defaultConsoleDir } from './console/console-static';
import { acceptHeartbeats } from './console/heartbeat-socket';
import type { ShutdownStep } from './shutdown';

export interface SyncServerOptions {
  readonly db: SyncDb;
  readonly log: Logger;
  readonly host?: string;
  readonly port?: number;
  /** Days a processed push is remembered for answering retries (PROCESSED_MUTATION_RETENTION_DAYS). */
  readonly retentionDays?: number;
  /** How long tokens live (SYNC_SESSION_IDLE_DAYS, SYNC_SESSION_MAX_DAYS; DEFAULT_SESSION_LIFETIME). */
  readonly sessionLifetime?: SessionLifetime;
  /** Milliseconds since the epoch, for the sign-in throttle and token lifetimes (tests move it). */
  readonly clock?: () => number;
  /**
   * Answer only requests addressed to 127.0.0.1 or localhost at this port: the demo's embedded
   * server, which a web page could otherwise reach through DNS rebinding.
   */
  readonly loopbackOnly?: boolean;
  /** The sign-in throttle's rules (ACCOUNT_RULE and ADDRESS_RULE unless a test needs others). */
  readonly signInRules?: { readonly account: ThrottleRule; readonly address: ThrottleRule };
  /** Window within which pokes to one socket are coalesced, ms (SYNC_POKE_COALESCE_MS). */
  readonly pokeCoalesceMs?: number;
  /** Pushes worked on at once (SYNC_PUSHES_IN_FLIGHT; DEFAULT_PUSHES_IN_FLIGHT): push-admission.ts says why. */
  readonly pushesInFlight?: number;
  /**
   * How long a token check's session row is reused, real ms (SYNC_TOKEN_CACHE_MS; session-cache.ts
   * says how revocation still reaches it). 0, the default here: every request reads it.
   */
  readonly tokenCacheMs?: number;
  /** Silence after which the console shows a signed-on workstation as Lagged, ms (CONSOLE_LAG_AFTER_MS). */
  readonly lagAfterMs?: number;
  /** The built console page (out/console unless a test says otherwise). */
  readonly consoleDir?: string;
}

/**
 * Bodies read before anyone is authenticated are small: a sign-in is a username and a password
 * (SignInRequest caps them at 100 and 1,000 characters). Only an authenticated push may be large.
 */
export const UNAUTHENTICATED_BODY_LIMIT = 16 * 1024;
/** A push of an 8-hour backlog is a few MB; notes are capped at 20,000 characters each. */
export const PUSH_BODY_LIMIT = 64 * 1024 * 1024;

export interface SyncServer {
  readonly url: string;
  readonly port: number;
  readonly app: FastifyInstance;
  readonly pokes: PokeHub;
  readonly board: BoardHub;
  /** What `close()` runs, in order and named, for a shutdown that must end within a grace (shutdown.ts). */
  readonly closeSteps: readonly ShutdownStep[];
  close(): Promise<void>;
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  UNAUTHORIZED: 401,
  AUTH_FAILED: 401,
  SESSION_EXPIRED: 401,
  DEVICE_REVOKED: 401,
  RATE_LIMITED: 429,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

declare module 'fastify' {
  interface FastifyRequest {
    agent?: ServerAgent;
    token?: string;
  }
}

function errorBody(error: AgentErrorShape) {
  return { error };
}

/**
 * The sync server's HTTP and WebSocket edge. Stateless apart from the poke sockets, so several
 * instances can serve one database: they find each other's changes through LISTEN/NOTIFY.
 *
 *   POST /v1/auth/sign-in   {username, password, deviceId?} → {token, agent}; 429 + Retry-After when throttled
 *   (every bearer route answers 401 UNAUTHORIZED / SESSION_EXPIRED / DEVICE_REVOKED for a token that ended)
 *   POST /v1/auth/sign-out  (bearer)                  → 204
 *   POST /v1/push           (bearer) PushRequest      → PushResponse
 *   GET  /v1/pull?cursor=&limit=&cursors=snapshot (bearer) → PullResponse
 *   GET  /v1/poke           (bearer, WebSocket)       → PokeMessage stream
 *   GET  /v1/health                                   → {ok}
 *   /console/…  the supervisor console (console/console-routes.ts); heartbeats arrive on /v1/poke
 */
export async function startSyncServer(options: SyncServerOptions): Promise<SyncServer> {
  const { db, log } = options;
  await migrateServer(db);
  const throttle = new SignInThrottle(db, options.clock, options.signInRules);
  const lagAfterMs = options.lagAfterMs ?? DEFAULT_LAG_AFTER_MS;
  const pokes = new PokeHub(db, log, options.pokeCoalesceMs, heartbeatIntervalFor(lagAfterMs));
  await pokes.start();
  const board = new BoardHub(db, log, lagAfterMs);
  await board.start();
  const heartbeats = new HeartbeatRecorder(db, log);
  heartbeats.start();
  const sessions = new SessionCache<SessionRow>(options.tokenCacheMs ?? 0);
  const unlistenSessions =
    sessions.ttlMs > 0
      ? await db.listen(
          SESSIONS_CHANNEL,
          () => sessions.clear(),
          () => sessions.clear(),
        )
      : async () => undefined;
  const stopRetention = scheduleRetention(db, log, options.retentionDays ?? PROCESSED_MUTATION_RETENTION_DAYS);

  const app = Fastify({ logger: false, bodyLimit: UNAUTHENTICATED_BODY_LIMIT, forceCloseConnections: true });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });

  app.setErrorHandler((err: unknown, _req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof SignInLocked) reply.header('retry-after', String(err.retryAfterSeconds));
    if (err instanceof AgentError) {
      return reply.status(STATUS[err.code] ?? 500).send(errorBody(err.toShape()));
    }
    const status = typeof err === 'object' && err !== null && 'statusCode' in err ? Number((err as { statusCode: unknown }).statusCode) : 500;
    if (status >= 400 && status < 500) {
      const message = err instanceof Error ? err.message : 'Bad request';
      return reply.status(status).send(errorBody({ code: 'INVALID_INPUT', message }));
    }
    log.error('sync request failed', { error: err });
    return reply.status(503).send(errorBody({ code: 'INTERNAL', message: 'The sync server could not complete the request; it will be retried.' }));
  });

  let port = 0;
  if (options.loopbackOnly) {
    app.addHook('onRequest', async (req, reply) => {
      const host = req.headers.host;
      if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
        return reply.status(421).send(errorBody({ code: 'FORBIDDEN', message: 'This server answers only on its loopback address.' }));
      }
    });
  }

  const now = () => new Date((options.clock ?? Date.now)());
  const lifetime = options.sessionLifetime ?? DEFAULT_SESSION_LIFETIME;
  const requireAgent = async (req: FastifyRequest) => {
    const { agent, token } = await authenticate(db, req.headers.authorization, now(), lifetime, { cache: sessions });
    req.agent = agent;
    req.token = token;
  };
  /** The push route also takes a revoked device's last push, while IT allows it (auth.ts). */
  const requirePusher = async (req: FastifyRequest) => {
    const { agent, token } = await authenticate(db, req.headers.authorization, now(), lifetime, { finalPush: true, cache: sessions });
    req.agent = agent;
    req.token = token;
  };
  const agentOf = (req: FastifyRequest): ServerAgent => req.agent ?? (() => { throw new AgentError('UNAUTHORIZED', 'Sign in to sync.'); })();

  const parse = <T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, value: unknown): T => {
    const r = schema.safeParse(value);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new AgentError('INVALID_INPUT', issue ? `${issue.path.map(String).join('.') || 'request'}: ${issue.message}` : 'Invalid request.');
    }
    return r.data;
  };

  app.get('/v1/health', async () => ({ ok: true }));

  app.post('/v1/auth/sign-in', async (req) => {
    const body = parse(SignInRequest, req.body);
    const keys = SignInThrottle.keys(body.username, req.ip);
    await throttle.attempt(keys);
    const session = await signIn(db, body.username, body.password, { deviceId: body.deviceId, now: now() });
    await throttle.succeeded(keys);
    return session;
  });

  // Authenticated in onRequest, before the body is read: nobody unauthenticated gets a body parsed.
  app.post('/v1/auth/sign-out', { onRequest: requireAgent }, async (req, reply) => {
    if (req.token) {
      await signOut(db, req.token);
      sessions.forget(sessionKey(req.token));
    }
    return reply.status(204).send();
  });

  const pushGate = new AdmissionGate(options.pushesInFlight ?? DEFAULT_PUSHES_IN_FLIGHT);
  /** After the token check, before the body is read: a push past the limit waits here (push-admission.ts). */
  const admitPush = async (req: FastifyRequest, reply: FastifyReply) => {
    const leave = await pushGate.enter();
    // 'close' comes once the answer is sent or the socket is gone, whichever ends the push.
    if (reply.raw.closed || req.raw.destroyed) return leave();
    reply.raw.once('close', leave);
  };

  app.post('/v1/push', { onRequest: [requirePusher, admitPush], bodyLimit: PUSH_BODY_LIMIT }, async (req): Promise<PushResponse> => {
    const envelope = parse(PushEnvelope, req.body);
    return { outcomes: await push(db, agentOf(req).id, envelope) };
  });

  app.get('/v1/pull', { onRequest: requireAgent }, async (req, reply) => {
    const q = parse(PullQuery, req.query);
    const snapshotCursors = q.cursors === 'snapshot' || String(q.cursor).startsWith('s');
    const body = snapshotCursors ? await pullPage(db, agentOf(req).id, q) : await pullPageBelowHorizon(db, agentOf(req).id, q);
    return reply.type('application/json').send(body);
  });

  app.get('/v1/poke', { websocket: true, preValidation: requireAgent }, (socket, req) => {
    const agentId = agentOf(req).id;
    acceptHeartbeats(socket, agentId, heartbeats, log);
    pokes.add(socket, agentId);
  });

  registerConsole(app, { db, log, throttle, board, parse, consoleDir: options.consoleDir ?? defaultConsoleDir() });

  const address = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  port = Number(new URL(address).port);
  const closeSteps: ShutdownStep[] = [
    {
      name: 'session cache listener',
      run: async () => {
        stopRetention();
        await unlistenSessions();
      },
    },
    { name: 'poke sockets', run: () => pokes.close() },
    { name: 'supervisor board', run: () => board.close() },
    { name: 'HTTP server', run: () => app.close() },
    { name: 'heartbeat writer', run: () => heartbeats.close() },
  ];
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    app,
    pokes,
    board,
    closeSteps,
    close: async () => {
      for (const step of closeSteps) await step.run();
    },
  };
}
