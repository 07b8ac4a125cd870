import type { FastifyInstance } from 'fastify';
import {
  type DocumentRevision,
  digestOfRevisions,
  revisionsOf,
} from '../../../src/domain/conflict/partition-digest';
import type { TokenService } from '../auth/token-service';
import { COLLECTION_RULES, isReplicatedCollection } from '../replication/collections';
import type { ReplicatedDocument, Scope, Store } from '../store/store';
import { principalOf, requireSignIn } from './authenticate';
import { deviceIdOf, sightingOf } from './device-headers';
import { MESSAGES } from './messages';

export interface IntegrityRouteDeps {
  readonly store: Store;
  readonly tokens: TokenService;
  readonly now: () => number;
}

const DIGEST_PAGE = 1000;

const digestBody = {
  type: 'object',
  required: ['count', 'hash'],
  additionalProperties: false,
  properties: {
    count: { type: 'integer', minimum: 0 },
    hash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  },
} as const;

async function documentsInScope(
  store: Store,
  collection: string,
  scope: Scope,
): Promise<ReplicatedDocument[]> {
  const documents: ReplicatedDocument[] = [];
  let seq = 0;
  for (;;) {
    const page = await store.pull(collection, scope, seq, DIGEST_PAGE);
    documents.push(...page.documents.map((stored) => stored.document));
    if (page.documents.length < DIGEST_PAGE) return documents;
    seq = page.checkpointSeq;
  }
}

/**
 * Data-integrity check: a device sends the digest (partition-digest.ts) of its copy of a collection — the
 * partition being everything the caller may read of it — and the server compares it with its own. On a mismatch
 * the answer lists every server revision, so the device can tell which documents to fetch again and which it holds
 * that the server lacks; the sync monitor shows the device until a later check matches.
 */
export async function integrityRoutes(app: FastifyInstance, deps: IntegrityRouteDeps): Promise<void> {
  const { store, tokens, now } = deps;

  app.post<{ Params: { collection: string }; Body: { count: number; hash: string } }>(
    '/api/replication/:collection/digest',
    { onRequest: requireSignIn(tokens), schema: { body: digestBody } },
    async (request, reply) => {
      const { collection } = request.params;
      if (!isReplicatedCollection(collection))
        return reply.code(404).send({ reason: MESSAGES.unknownCollection });
      const principal = principalOf(request);
      const revisions: DocumentRevision[] = await revisionsOf(
        await documentsInScope(store, collection, COLLECTION_RULES[collection].scopeFor(principal)),
      );
      const server = await digestOfRevisions(revisions);
      const match = server.count === request.body.count && server.hash === request.body.hash;
      const at = new Date(now()).toISOString();
      await store.recordDigestCheck({
        deviceId: deviceIdOf(request),
        staffId: principal.staffId,
        ...(principal.stationId === undefined ? {} : { stationId: principal.stationId }),
        collection,
        at,
        matched: match,
        deviceCount: request.body.count,
        serverCount: server.count,
      });
      await store.recordSighting(sightingOf(request, principal, 'digest', at));
      if (match) return { match, serverCount: server.count };
      request.log.warn({ collection, staffId: principal.staffId }, 'partition digest mismatch');
      return { match, serverCount: server.count, serverHash: server.hash, revisions };
    },
  );
}
