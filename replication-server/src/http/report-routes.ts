import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HolidayYear } from '../../../src/domain/calendar/holiday-year.schema';
import { todayInShanghai } from '../../../src/domain/calendar/iso-date';
import { WorkingDayCalendar } from '../../../src/domain/calendar/working-day-calendar';
import type { Case } from '../../../src/domain/case/case.schema';
import type { Catalog } from '../../../src/domain/catalog/catalog.schema';
import { type Station, seesCountyReport } from '../../../src/domain/organisation/organisation.schema';
import {
  type CountyReport,
  computeCountyReports,
  rankStations,
} from '../../../src/domain/reports/county-report';
import { isValidPeriod, type ReportPeriod } from '../../../src/domain/reports/report-period';
import { catalogLookup } from '../../../src/domain/reports/station-report';
import type { TokenService } from '../auth/token-service';
import { liveDocuments } from '../replication/live-documents';
import { syncMonitorReport } from '../replication/sync-monitor';
import type { Store, StoredDocument } from '../store/store';
import { principalOf, requireSignIn } from './authenticate';
import { MESSAGES } from './messages';

export interface ReportRouteDeps {
  readonly store: Store;
  readonly tokens: TokenService;
  readonly now: () => number;
}

/** Documents are read with the replication pull an administrator makes, in pages of this many. */

const countyQuery = {
  type: 'object',
  required: ['from', 'to'],
  properties: {
    from: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    to: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
  },
} as const;

/** The replicated shape minus RxDB's deletion flag is the document as the station stores it. */
const withoutDeletedFlag = <T>({ document: { _deleted: _flag, ...document } }: StoredDocument): T =>
  document as T;

/**
 * 县级视图: the station figures of src/domain/reports for every station of the county and for the county as a whole,
 * from the server's copy of the cases, with when each station's devices were last seen. Administrators and
 * supervisors only.
 */
export async function reportRoutes(app: FastifyInstance, deps: ReportRouteDeps): Promise<void> {
  const { store, tokens, now } = deps;
  const signedIn = requireSignIn(tokens);
  const countyViewersOnly = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!seesCountyReport(principalOf(request).role)) {
      await reply.code(403).send({ reason: MESSAGES.forbidden });
    }
  };

  app.get<{ Querystring: ReportPeriod }>(
    '/api/reports/county',
    { onRequest: signedIn, preHandler: countyViewersOnly, schema: { querystring: countyQuery } },
    async (request, reply): Promise<CountyReport | undefined> => {
      const period = { from: request.query.from, to: request.query.to };
      if (!isValidPeriod(period)) {
        await reply.code(400).send({ reason: MESSAGES.badRequest });
        return undefined;
      }
      const [cases, catalogs, holidayYears, stations, monitor] = await Promise.all([
        liveDocuments(store, 'cases'),
        liveDocuments(store, 'catalogs'),
        liveDocuments(store, 'calendars'),
        liveDocuments(store, 'stations'),
        store.syncMonitor(),
      ]);
      const stationList = stations.map((document) => withoutDeletedFlag<Station>(document));
      const reports = computeCountyReports(
        cases.map((document) => withoutDeletedFlag<Case>(document)),
        catalogLookup(catalogs.map((document) => withoutDeletedFlag<{ catalog: Catalog }>(document).catalog)),
        stationList,
        {
          period,
          today: todayInShanghai(new Date(now())),
          calendar: WorkingDayCalendar.fromYears(
            holidayYears.map((document) => {
              const { id: _id, ...holidayYear } = withoutDeletedFlag<HolidayYear & { id: string }>(document);
              return holidayYear;
            }),
          ),
        },
      );
      const lastSeen = new Map(
        syncMonitorReport(monitor).stations.map((station) => [station.stationId, station.lastSeenAt]),
      );
      return {
        county: reports.county,
        stations: rankStations(
          reports.stations.map(({ station, report }) => ({
            stationId: station.id,
            name: { zh: station.name, en: station.nameEn },
            report,
            lastSyncAt: lastSeen.get(station.id) ?? null,
          })),
        ),
      };
    },
  );
}
