import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { resolveTokenSecret } from '../auth/token-secret';
import { TokenService } from '../auth/token-service';
import type { ServerConfig } from '../config';
import { openChangeBus } from '../replication/open-change-bus';
import { ReplicationMetrics } from '../replication/replication-metrics';
import type { Store } from '../store/store';
import { adminRoutes } from './admin-routes';
import { attachmentRoutes } from './attachment-routes';
import { authRoutes } from './auth-routes';
import { integrityRoutes } from './integrity-routes';
import { createLogger } from './logger';
import { MESSAGES } from './messages';
import { appRoutes, opsRoutes } from './ops-routes';
import { publishingRoutes } from './publishing-routes';
import { replicationRoutes } from './replication-routes';
import { reportRoutes } from './report-routes';
import { StreamConnections } from './stream-connections';

export interface ServerDeps {
  readonly config: ServerConfig;
  readonly store: Store;
  /** Where logs go; stdout when absent. */
  readonly logDestination?: DestinationStream;
  /** Clock for token issue and expiry (tests move it forward). */
  readonly now?: () => number;
}

/** The sync server, ready to `listen` or `inject`; closing it ends open streams but leaves the store open. */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const { config, store } = deps;
  const logger: FastifyBaseLogger = createLogger(config.logLevel, deps.logDestination);
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: config.bodyLimitBytes,
  });
  const tokens = new TokenService(store, {
    secret: resolveTokenSecret(config.tokenSecret, config.dataDir),
    accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    refreshTokenTtlSeconds: config.refreshTokenTtlSeconds,
    ...(deps.now === undefined ? {} : { now: deps.now }),
  });
  const changes = await openChangeBus(config, logger.child({ component: 'change-bus' }));
  const metrics = new ReplicationMetrics();
  const streams = new StreamConnections();

  app.decorateRequest('principal', undefined);
  app.setErrorHandler((error: FastifyError & { reason?: unknown }, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return reply.code(413).send({ reason: MESSAGES.bodyTooLarge });
    if (error.statusCode === 429) return reply.code(429).send({ reason: MESSAGES.rateLimited });
    if (error.validation !== undefined || (error.statusCode ?? 500) < 500) {
      return reply.code(error.statusCode ?? 400).send({ reason: MESSAGES.badRequest });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ reason: MESSAGES.internal });
  });
  app.addHook('preClose', async () => streams.closeAll());
  app.addHook('onClose', async () => changes.close());

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: '1 minute',
    // After onRequest, where the access token is verified: the limit is per sign-in session, not per address.
    hook: 'preHandler',
    keyGenerator: (request) => request.principal?.sessionId ?? request.ip,
    errorResponseBuilder: (_request, context) => ({
      statusCode: context.statusCode,
      reason: MESSAGES.rateLimited,
    }),
  });
  await authRoutes(app, { config, store, tokens, streams });
  await replicationRoutes(app, { config, store, tokens, changes, metrics, streams });
  const clock = deps.now ?? Date.now;
  await adminRoutes(app, { store, tokens, changes, now: clock });
  await integrityRoutes(app, { store, tokens, now: clock });
  await reportRoutes(app, { store, tokens, now: clock });
  // Encapsulated: the photo body parsers and their error messages apply to these routes only.
  await app.register(async (scope) => attachmentRoutes(scope, { store, tokens }));
  await publishingRoutes(app, { store, tokens, changes });
  await opsRoutes(app, { store, metrics });
  await appRoutes(app, config.distDir);
  return app;
}
