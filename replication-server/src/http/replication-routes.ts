import type { FastifyInstance } from 'fastify';
import type { TokenService } from '../auth/token-service';
import type { ServerConfig } from '../config';
import type { ChangeBus } from '../replication/change-feed';
import { COLLECTION_RULES, isReplicatedCollection, REPLICATED_COLLECTIONS } from '../replication/collections';
import { ItemKinds } from '../replication/item-kinds';
import type { ReplicationMetrics } from '../replication/replication-metrics';
import type { PushRow, Store } from '../store/store';
import { principalOf, requireSignIn } from './authenticate';
import { originOf, sightingOf } from './device-headers';
import { MESSAGES, tooManyRows } from './messages';
import type { StreamConnections } from './stream-connections';

export interface ReplicationRouteDeps {
  readonly config: ServerConfig;
  readonly store: Store;
  readonly tokens: TokenService;
  readonly changes: ChangeBus;
  readonly metrics: ReplicationMetrics;
  readonly streams: StreamConnections;
}

const HEARTBEAT_MS = 25_000;

const pullQuery = {
  type: 'object',
  properties: {
    seq: { type: 'integer', minimum: 0, default: 0 },
    limit: { type: 'integer', minimum: 1 },
  },
} as const;

/**
 * The HTTP face of RxDB's replication protocol: pull = masterChangesSince (checkpoint `{ seq }`), push =
 * masterWrite (conflicts are current masters), stream = masterChangeStream$ (`change` hints and `resync`).
 */
export async function replicationRoutes(app: FastifyInstance, deps: ReplicationRouteDeps): Promise<void> {
  const { config, store, tokens, changes, metrics, streams } = deps;
  const signedIn = requireSignIn(tokens);
  const itemKinds = new ItemKinds(store, changes);

  app.get<{ Params: { collection: string }; Querystring: { seq: number; limit?: number } }>(
    '/api/replication/:collection/pull',
    { onRequest: signedIn, schema: { querystring: pullQuery } },
    async (request, reply) => {
      const { collection } = request.params;
      if (!isReplicatedCollection(collection))
        return reply.code(404).send({ reason: MESSAGES.unknownCollection });
      const principal = principalOf(request);
      const scope = COLLECTION_RULES[collection].scopeFor(principal);
      const limit = Math.min(request.query.limit ?? config.maxPullLimit, config.maxPullLimit);
      const page = await store.pull(collection, scope, request.query.seq, limit);
      metrics.pulledDocuments.inc({ collection }, page.documents.length);
      await store.recordSighting(sightingOf(request, principal, 'pull', new Date().toISOString()));
      return {
        documents: page.documents.map((stored) => stored.document),
        checkpoint: { seq: page.checkpointSeq },
      };
    },
  );

  app.post<{ Params: { collection: string }; Body: unknown }>(
    '/api/replication/:collection/push',
    { onRequest: signedIn },
    async (request, reply) => {
      const { collection } = request.params;
      if (!isReplicatedCollection(collection))
        return reply.code(404).send({ reason: MESSAGES.unknownCollection });
      const principal = principalOf(request);
      const rules = COLLECTION_RULES[collection];
      if (rules.readOnly && principal.role !== 'admin') {
        return reply.code(403).send({ reason: MESSAGES.readOnlyCollection });
      }
      const rows = request.body;
      if (!Array.isArray(rows)) return reply.code(400).send({ reason: MESSAGES.badRequest });
      if (rows.length > config.maxPushRows)
        return reply.code(413).send({ reason: tooManyRows(config.maxPushRows) });

      const policy = rules.policyFor(principal, await itemKinds.lookup());
      const at = new Date().toISOString();
      const result = await store.push(
        collection,
        rows as PushRow[],
        policy,
        originOf(request, principal, at),
      );
      await changes.publish(result.written);
      await store.recordSighting(
        sightingOf(request, principal, 'push', at, { rejectedRows: result.rejected.length }),
      );
      metrics.pushedRows.inc({ collection }, rows.length);
      metrics.writtenDocuments.inc({ collection }, result.written.length);
      metrics.conflicts.inc({ collection }, result.conflicts.length);
      metrics.rejectedRows.inc({ collection }, result.rejected.length);
      if (result.rejected.length > 0) {
        // Ids and reasons only: the documents hold citizens' personal data.
        request.log.warn(
          { collection, staffId: principal.staffId, rejected: result.rejected.map((row) => row.id) },
          'push rows rejected',
        );
      }
      return { conflicts: result.conflicts, rejected: result.rejected };
    },
  );

  app.get('/api/replication/stream', { onRequest: signedIn }, (request, reply) => {
    if (!streams.accepting) {
      return reply.code(503).header('connection', 'close').send({ reason: MESSAGES.shuttingDown });
    }
    const principal = principalOf(request);
    const scopes = REPLICATED_COLLECTIONS.map((collection) => ({
      collection,
      scope: COLLECTION_RULES[collection].scopeFor(principal),
    }));
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    // A client that (re)connects may have missed changes: it must pull every collection (RxDB's 'RESYNC').
    const resync = 'event: resync\ndata: "RESYNC"\n\n';
    response.write(`retry: 5000\n${resync}`);

    const unsubscribe = changes.subscribe((change) => {
      if (change.kind === 'resync') {
        response.write(resync);
        return;
      }
      const scope = scopes.find((entry) => entry.collection === change.collection)?.scope;
      if (scope === undefined) return;
      if (scope.all !== true && !scope.tags.some((tag) => change.tags.includes(tag))) return;
      response.write(
        `event: change\ndata: ${JSON.stringify({ collection: change.collection, seq: change.seq })}\n\n`,
      );
    });
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS);
    // The stream ends with the token, so the client reconnects with a fresh one and revocation takes effect.
    const expiry = setTimeout(() => close(), Math.max(0, principal.expiresAt - Date.now()));
    let closed = false;
    const forget = streams.add(principal.sessionId, () => close());
    function close(): void {
      if (closed) return;
      closed = true;
      unsubscribe();
      clearInterval(heartbeat);
      clearTimeout(expiry);
      forget();
      response.end();
    }
    response.on('close', close);
  });
}
