import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb';
import { RxDBAttachmentsPlugin } from 'rxdb/plugins/attachments';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import type { Case, CaseEvent } from '../domain/case/case.schema';
import type { Station } from '../domain/organisation/organisation.schema';
import { withIndexPageReads } from './index-page-reads';
import { withIndexedChangesSince } from './indexed-changes-since';
import { calendarsMigrationStrategies } from './migrations/calendars.migrations';
import { caseEventsMigrationStrategies } from './migrations/case-events.migrations';
import { casesMigrationStrategies, catalogDepartmentLookup } from './migrations/cases.migrations';
import { catalogsMigrationStrategies } from './migrations/catalogs.migrations';
import { stationsMigrationStrategies } from './migrations/stations.migrations';
import { withLocalAttachmentsOnPull } from './replication/attachment-stubs';
import { serverMergeConflictHandler } from './replication/conflict-handler';
import { withUnsharedReplicationMeta } from './replication/replication-meta-unshared';
import { calendarsSchema, type HolidayYearDocument } from './schemas/calendars.schema';
import { caseEventsSchema } from './schemas/case-events.schema';
import { casesSchema } from './schemas/cases.schema';
import { type CatalogDocument, catalogsSchema } from './schemas/catalogs.schema';
import { stationsSchema } from './schemas/stations.schema';

addRxPlugin(RxDBMigrationSchemaPlugin);
addRxPlugin(RxDBAttachmentsPlugin);
addRxPlugin(RxDBLocalDocumentsPlugin);

export interface JinbanCollections {
  catalogs: RxCollection<CatalogDocument>;
  calendars: RxCollection<HolidayYearDocument>;
  stations: RxCollection<Station>;
  cases: RxCollection<Case>;
  case_events: RxCollection<CaseEvent>;
}

export type JinbanDatabase = RxDatabase<JinbanCollections>;

export interface JinbanDatabaseOptions {
  readonly name: string;
  readonly storage: RxStorage<unknown, unknown>;
  /** Several tabs of the app share one database; tests run a single instance. Defaults to true. */
  readonly multiInstance?: boolean;
}

/**
 * Opens the station's local database. Collections whose documents are older than their schema are migrated here,
 * before the database is handed out, so no reader ever sees an old shape.
 *
 * RxDB's free tier allows 13 open collections per process, across all databases: keep the collection count small.
 */
export async function createJinbanDatabase(options: JinbanDatabaseOptions): Promise<JinbanDatabase> {
  const storage = withUnsharedReplicationMeta(
    withLocalAttachmentsOnPull(withIndexedChangesSince(withIndexPageReads(options.storage))),
  );
  const db = await createRxDatabase<JinbanCollections>({
    name: options.name,
    storage: import.meta.env.DEV ? await withDevelopmentChecks(storage) : storage,
    multiInstance: options.multiInstance ?? true,
    // The case list counts filtered results that no single index fully answers.
    allowSlowCount: true,
    // Device identity, sign-in and case numbering stay on this device and are never replicated.
    localDocuments: true,
  });
  try {
    await db.addCollections({
      catalogs: {
        schema: catalogsSchema,
        migrationStrategies: catalogsMigrationStrategies,
        conflictHandler: serverMergeConflictHandler(),
      },
      calendars: {
        schema: calendarsSchema,
        migrationStrategies: calendarsMigrationStrategies,
        conflictHandler: serverMergeConflictHandler(),
      },
      stations: {
        schema: stationsSchema,
        migrationStrategies: stationsMigrationStrategies,
        conflictHandler: serverMergeConflictHandler(),
      },
    });
    // Cases are added after the catalogs because migrating old cases looks up their items' departments.
    await db.addCollections({
      cases: {
        schema: casesSchema,
        migrationStrategies: casesMigrationStrategies(catalogDepartmentLookup(db.catalogs)),
        // The server merges stale pushes itself; see conflict-handler.ts.
        conflictHandler: serverMergeConflictHandler(),
      },
      case_events: {
        schema: caseEventsSchema,
        migrationStrategies: caseEventsMigrationStrategies,
        conflictHandler: serverMergeConflictHandler(),
      },
    });
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/**
 * Development builds and tests check every schema, query and document; production skips the cost. The imports are
 * dynamic so the checks never reach the production bundle.
 */
async function withDevelopmentChecks(
  storage: RxStorage<unknown, unknown>,
): Promise<RxStorage<unknown, unknown>> {
  const [devMode, ajvValidation] = await Promise.all([
    import('rxdb/plugins/dev-mode'),
    import('rxdb/plugins/validate-ajv'),
  ]);
  devMode.disableWarnings();
  addRxPlugin(devMode.RxDBDevModePlugin);
  return ajvValidation.wrappedValidateAjvStorage({ storage });
}
