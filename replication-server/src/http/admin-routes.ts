import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TokenService } from '../auth/token-service';
import type { ChangeBus } from '../replication/change-feed';
import { caseConflictResolver, type ResolveRequest } from '../replication/conflict-resolution';
import { staffNamesOf, syncMonitorReport } from '../replication/sync-monitor';
import type { ConflictFilter, ConflictRecord, Store } from '../store/store';
import { principalOf, requireSignIn } from './authenticate';
import { deviceIdOf } from './device-headers';
import { MESSAGES } from './messages';

export interface AdminRouteDeps {
  readonly store: Store;
  readonly tokens: TokenService;
  readonly changes: ChangeBus;
  readonly now: () => number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const AUDIT_PAGE = 200;

const conflictQuery = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['open', 'resolved'] },
    station: { type: 'string', minLength: 1, maxLength: 40 },
    item: { type: 'string', minLength: 1, maxLength: 40 },
    olderThanDays: { type: 'number', minimum: 0 },
  },
} as const;

const resolveBody = {
  type: 'object',
  required: ['fields', 'comment'],
  additionalProperties: false,
  properties: {
    fields: {
      type: 'object',
      additionalProperties: {
        oneOf: [
          {
            type: 'object',
            required: ['choose'],
            additionalProperties: false,
            properties: { choose: { type: 'string', enum: ['ours', 'theirs'] } },
          },
          { type: 'object', required: ['value'], additionalProperties: false, properties: { value: {} } },
        ],
      },
    },
    comment: { type: 'string', minLength: 1, maxLength: 2000 },
  },
} as const;

/** The queue lists what an administrator needs to pick a conflict; the documents come with the conflict itself. */
const summaryOf = (conflict: ConflictRecord) => ({
  id: conflict.id,
  collection: conflict.collection,
  documentId: conflict.documentId,
  status: conflict.status,
  createdAt: conflict.createdAt,
  item: conflict.item,
  stations: conflict.stations,
  fields: conflict.fields.map((field) => field.path),
  oursBy: conflict.oursBy,
  theirsBy: conflict.theirsBy,
});

/** The sync-server administrator's console API: conflict queue, resolution, sync monitor, audit log. */
export async function adminRoutes(app: FastifyInstance, deps: AdminRouteDeps): Promise<void> {
  const { store, tokens, changes, now } = deps;
  const signedIn = requireSignIn(tokens);
  const adminOnly = async (request: FastifyRequest, reply: FastifyReply) => {
    if (principalOf(request).role !== 'admin') await reply.code(403).send({ reason: MESSAGES.forbidden });
  };
  const guarded = { onRequest: signedIn, preHandler: adminOnly };

  app.get<{
    Querystring: { status?: 'open' | 'resolved'; station?: string; item?: string; olderThanDays?: number };
  }>('/api/admin/conflicts', { ...guarded, schema: { querystring: conflictQuery } }, async (request) => {
    const { status, station, item, olderThanDays } = request.query;
    const filter: ConflictFilter = {
      ...(status === undefined ? {} : { status }),
      ...(station === undefined ? {} : { station }),
      ...(item === undefined ? {} : { item }),
      ...(olderThanDays === undefined
        ? {}
        : { createdBefore: new Date(now() - olderThanDays * DAY_MS).toISOString() }),
    };
    return { conflicts: (await store.listConflicts(filter)).map(summaryOf) };
  });

  app.get<{ Params: { id: string } }>('/api/admin/conflicts/:id', guarded, async (request, reply) => {
    const conflict = await store.getConflict(request.params.id);
    if (conflict === undefined) return reply.code(404).send({ reason: MESSAGES.unknownConflict });
    return { conflict };
  });

  app.post<{ Params: { id: string }; Body: ResolveRequest }>(
    '/api/admin/conflicts/:id/resolve',
    { ...guarded, schema: { body: resolveBody } },
    async (request, reply) => {
      const principal = principalOf(request);
      const resolver = caseConflictResolver(request.body, {
        principal,
        deviceId: deviceIdOf(request),
        now: new Date(now()).toISOString(),
        eventId: randomUUID(),
        auditId: randomUUID(),
      });
      const result = await store.resolveConflict(request.params.id, resolver);
      switch (result.outcome) {
        case 'not-found':
          return reply.code(404).send({ reason: MESSAGES.unknownConflict });
        case 'already-resolved':
          return reply.code(409).send({ reason: MESSAGES.conflictAlreadyResolved });
        case 'refused':
          return reply.code(400).send({ reason: result.reason });
        case 'resolved':
          await changes.publish(result.written);
          request.log.info(
            {
              conflictId: result.conflict.id,
              staffId: principal.staffId,
              fields: result.conflict.fields.length,
            },
            'conflict resolved',
          );
          return { conflict: result.conflict, master: result.written[0]?.document };
      }
    },
  );

  app.get<{ Querystring: { collection?: string; documentId: string } }>(
    '/api/admin/merges',
    {
      ...guarded,
      schema: {
        querystring: {
          type: 'object',
          required: ['documentId'],
          properties: { collection: { type: 'string', default: 'cases' }, documentId: { type: 'string' } },
        },
      },
    },
    async (request) => ({
      merges: await store.listAutomaticMerges(request.query.collection ?? 'cases', request.query.documentId),
    }),
  );

  app.get('/api/admin/audit', guarded, async () => ({ entries: await store.listAdminAudit(AUDIT_PAGE) }));

  app.get('/api/admin/sync-monitor', guarded, async () => {
    const monitor = await store.syncMonitor();
    return syncMonitorReport(monitor, await staffNamesOf(monitor, (staffId) => store.getAccount(staffId)));
  });
}
