import holidays2025 from '../../../src/domain/calendar/holidays/2025.json';
import holidays2026 from '../../../src/domain/calendar/holidays/2026.json';
import demoCatalog from '../../../src/domain/demo/demo-catalog.json';
import demoOrganisation from '../../../src/domain/demo/demo-organisation.json';
import type { Principal } from '../auth/principal';
import type { PushResult, ReplicatedDocument, Store } from '../store/store';
import { COLLECTION_RULES, type ReplicatedCollection } from './collections';

/** Seeding goes through the same rules as an administrator's push, so demo data is checked like real data. */
const SEEDER: Principal = {
  staffId: 'system-seed',
  name: 'system',
  role: 'admin',
  jti: 'system-seed',
  sessionId: 'system-seed',
  expiresAt: Number.MAX_SAFE_INTEGER,
};

const asDocument = (fields: object, id: string): ReplicatedDocument => ({ ...fields, id, _deleted: false });

/** Reference data of the demo county: stations, the published catalog and the holiday calendars. */
export async function seedDemoReferenceData(store: Store): Promise<void> {
  const seed = async (collection: ReplicatedCollection, documents: ReplicatedDocument[]): Promise<void> => {
    const result: PushResult = await store.push(
      collection,
      documents.map((newDocumentState) => ({ newDocumentState })),
      COLLECTION_RULES[collection].policyFor(SEEDER, () => undefined),
    );
    const problem = result.rejected[0] ?? (result.conflicts.length > 0 ? { id: 'conflict' } : undefined);
    if (problem !== undefined) {
      throw new Error(`Demo ${collection} data was refused: ${JSON.stringify(problem)}`);
    }
  };
  await seed(
    'stations',
    demoOrganisation.stations.map((station) => asDocument(station, station.id)),
  );
  await seed('catalogs', [
    asDocument(
      { version: demoCatalog.version, publishedAt: demoCatalog.publishedAt, catalog: demoCatalog },
      String(demoCatalog.version),
    ),
  ]);
  await seed(
    'calendars',
    [holidays2025, holidays2026].map((year) => asDocument(year, String(year.year))),
  );
}
