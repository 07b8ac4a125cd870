import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { ReplicationMetrics } from '../replication/replication-metrics';
import type { Store } from '../store/store';
import { MESSAGES } from './messages';

export async function opsRoutes(
  app: FastifyInstance,
  deps: { readonly store: Store; readonly metrics: ReplicationMetrics },
): Promise<void> {
  app.get('/healthz', async () => {
    await deps.store.latestSeq();
    return { status: 'ok' };
  });

  app.get('/metrics', async (_request, reply) => {
    reply.type(deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });
}

/** Serves the built PWA; any other GET outside /api gets index.html so client-side routes survive a reload. */
export async function appRoutes(app: FastifyInstance, distDir: string): Promise<void> {
  const hasApp = existsSync(join(distDir, 'index.html'));
  if (hasApp) await app.register(fastifyStatic, { root: distDir, wildcard: true });
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !request.url.startsWith('/api/') && request.url !== '/api';
    if (hasApp && isPage) return reply.sendFile('index.html');
    return reply.code(404).send({ reason: MESSAGES.notFound });
  });
}
