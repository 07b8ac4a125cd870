import type { RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { type CalendarRepository, createCalendarRepository } from './calendar.repository';
import { type CaseRepository, createCaseRepository } from './case.repository';
import { type CaseCommands, createCaseCommands, sessionOfProfile } from './case-commands';
import { type CaseEventRepository, createCaseEventRepository } from './case-event.repository';
import { type CatalogRepository, createCatalogRepository } from './catalog.repository';
import { createJinbanDatabase, type JinbanDatabase } from './db';
import { createDeviceRepository, type DeviceRepository } from './device.repository';
import { seedDemoData } from './seed';
import { createStationRepository, type StationRepository } from './station.repository';

export interface DataLayer {
  readonly db: JinbanDatabase;
  readonly catalog: CatalogRepository;
  readonly stations: StationRepository;
  readonly calendars: CalendarRepository;
  readonly cases: CaseRepository;
  readonly caseEvents: CaseEventRepository;
  readonly device: DeviceRepository;
  /** Case changes as the signed-in member of staff (device.setProfile) on this device. */
  readonly commands: CaseCommands;
}

export interface DataLayerOptions {
  /** Defaults to 'jinban'. */
  readonly name?: string;
  /** Defaults to the browser's IndexedDB through Dexie; tests pass fake-indexeddb. */
  readonly storage?: RxStorage<unknown, unknown>;
  readonly multiInstance?: boolean;
}

export const DATABASE_NAME = 'jinban';

/** Opens the station's database in the browser, seeds an empty device and hands out the repositories. */
export async function openDataLayer(options: DataLayerOptions = {}): Promise<DataLayer> {
  requestPersistentStorage();
  const db = await createJinbanDatabase({
    name: options.name ?? DATABASE_NAME,
    storage: options.storage ?? getRxStorageDexie(),
    multiInstance: options.multiInstance ?? true,
  });
  const caseEvents = createCaseEventRepository(db);
  const repositories = {
    catalog: createCatalogRepository(db),
    stations: createStationRepository(db),
    calendars: createCalendarRepository(db),
    cases: createCaseRepository(db, caseEvents),
    device: createDeviceRepository(db),
  };
  const layer: DataLayer = {
    db,
    ...repositories,
    caseEvents,
    commands: createCaseCommands(repositories, async () =>
      sessionOfProfile(await repositories.device.getProfile()),
    ),
  };
  await seedDemoData(layer);
  return layer;
}

/**
 * Cases may wait days for a connection, so the browser must not evict them when the tablet runs low on space.
 * Not awaited: some browsers ask the user, and the database must open meanwhile; a refusal leaves storage
 * best-effort, which is all we can do.
 */
function requestPersistentStorage(): void {
  if (typeof navigator !== 'undefined' && navigator.storage?.persist) {
    navigator.storage.persist().catch(() => undefined);
  }
}
