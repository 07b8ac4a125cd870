import type { FastifyInstance, FastifyReply } from 'fastify';
import { type HolidayYear, holidayYearSchema } from '../../../src/domain/calendar/holiday-year.schema';
import { checkHolidayYear } from '../../../src/domain/calendar/working-day-calendar';
import type { Catalog } from '../../../src/domain/catalog/catalog.schema';
import { prepareCatalog } from '../../../src/domain/catalog/catalog-preparation';
import { validateCatalog } from '../../../src/domain/catalog/catalog-validation';
import type { LocalizedMessage } from '../../../src/domain/localized-message';
import type { Principal } from '../auth/principal';
import type { TokenService } from '../auth/token-service';
import type { ChangeBus } from '../replication/change-feed';
import { COLLECTION_RULES, type ReplicatedCollection } from '../replication/collections';
import { liveDocuments } from '../replication/live-documents';
import { schemaCheck } from '../replication/schema-check';
import type { PushRow, ReplicatedDocument, Store } from '../store/store';
import { principalOf, requireSignIn } from './authenticate';
import { MESSAGES } from './messages';

export interface PublishingRouteDeps {
  readonly store: Store;
  readonly tokens: TokenService;
  readonly changes: ChangeBus;
}

const checkHolidayYearShape = schemaCheck(holidayYearSchema, { zh: '节假日安排', en: 'holiday calendar' });

const staleCatalogVersion = (version: number, highest: number): LocalizedMessage => ({
  zh: `目录版本 ${version} 不高于已发布的最高版本 ${highest}，请提高版本号后再发布`,
  en: `Catalog version ${version} is not above the highest published version ${highest}; raise the version`,
});
const staleCalendarVersion = (year: number, version: number, current: number): LocalizedMessage => ({
  zh: `${year} 年节假日安排的版本 ${version} 不高于已发布的版本 ${current}，请提高版本号后再发布`,
  en: `Version ${version} of the ${year} holiday calendar is not above the published version ${current}`,
});
const PUBLISHED_MEANWHILE: LocalizedMessage = {
  zh: '同一版本刚刚由他人发布，请刷新后重试',
  en: 'The same version was published meanwhile; reload and try again',
};

/**
 * Administrators publish reference data through the server, which checks it as a whole before any station sees it:
 * - `POST /api/admin/catalogs` — a Catalog: validated (every problem listed), pinyin initials filled, stored as the
 *   `catalogs` document `{ id: String(version), version, publishedAt, catalog }`. Versions only go up and old
 *   versions stay, because a case keeps the catalog version it was accepted under.
 * - `POST /api/admin/calendars` — a HolidayYear, replacing that year's calendar when its version is higher.
 * Both replicate to every station on its next pull, like any push of the collection.
 */
export async function publishingRoutes(app: FastifyInstance, deps: PublishingRouteDeps): Promise<void> {
  const { store, changes } = deps;
  const signedIn = requireSignIn(deps.tokens);

  const adminOf = (reply: FastifyReply, principal: Principal): boolean => {
    if (principal.role === 'admin') return true;
    void reply.code(403).send({ reason: MESSAGES.forbidden });
    return false;
  };

  /** Pushes one row under the collection's own rules; a refusal or a lost race is answered here. */
  const publish = async (
    reply: FastifyReply,
    principal: Principal,
    collection: ReplicatedCollection,
    row: PushRow,
  ): Promise<boolean> => {
    const policy = COLLECTION_RULES[collection].policyFor(principal, () => undefined);
    const result = await store.push(collection, [row], policy);
    const refusal = result.rejected[0];
    if (refusal !== undefined) {
      void reply.code(400).send({ reason: refusal.reason, errors: [refusal.reason] });
      return false;
    }
    if (result.conflicts.length > 0) {
      void reply.code(409).send({ reason: PUBLISHED_MEANWHILE });
      return false;
    }
    await changes.publish(result.written);
    return true;
  };

  app.post<{ Body: unknown }>('/api/admin/catalogs', { onRequest: signedIn }, async (request, reply) => {
    const principal = principalOf(request);
    if (!adminOf(reply, principal)) return reply;
    const validation = validateCatalog(request.body);
    if (!validation.ok) return reply.code(400).send({ reason: validation.error, errors: validation.errors });
    const catalog: Catalog = prepareCatalog(validation.value);

    const versions = (await liveDocuments(store, 'catalogs')).map((stored) =>
      Number(stored.document['version']),
    );
    const highest = Math.max(0, ...versions);
    if (catalog.version <= highest) {
      return reply.code(409).send({ reason: staleCatalogVersion(catalog.version, highest) });
    }
    const document: ReplicatedDocument = {
      id: String(catalog.version),
      version: catalog.version,
      publishedAt: catalog.publishedAt,
      catalog,
      _deleted: false,
    };
    if (!(await publish(reply, principal, 'catalogs', { newDocumentState: document }))) return reply;
    request.log.info({ staffId: principal.staffId, version: catalog.version }, 'catalog published');
    return reply
      .code(201)
      .send({ id: document.id, version: catalog.version, publishedAt: catalog.publishedAt });
  });

  app.post<{ Body: unknown }>('/api/admin/calendars', { onRequest: signedIn }, async (request, reply) => {
    const principal = principalOf(request);
    if (!adminOf(reply, principal)) return reply;
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return reply.code(400).send({ reason: MESSAGES.badRequest });
    }
    const shapeProblem = checkHolidayYearShape(body as ReplicatedDocument);
    if (shapeProblem !== undefined)
      return reply.code(400).send({ reason: shapeProblem, errors: [shapeProblem] });
    const checked = checkHolidayYear(body as HolidayYear);
    if (!checked.ok) return reply.code(400).send({ reason: checked.error, errors: [checked.error] });
    const holidayYear = checked.value;

    const id = String(holidayYear.year);
    const current = (await liveDocuments(store, 'calendars')).find((stored) => stored.id === id);
    const currentVersion = Number(current?.document['version'] ?? 0);
    if (holidayYear.version <= currentVersion) {
      return reply
        .code(409)
        .send({ reason: staleCalendarVersion(holidayYear.year, holidayYear.version, currentVersion) });
    }
    const row: PushRow = {
      ...(current === undefined ? {} : { assumedMasterState: current.document }),
      newDocumentState: { ...holidayYear, id, _deleted: false },
    };
    if (!(await publish(reply, principal, 'calendars', row))) return reply;
    request.log.info({ staffId: principal.staffId, year: holidayYear.year }, 'holiday calendar published');
    return reply.code(201).send({ id, year: holidayYear.year, version: holidayYear.version });
  });
}
