import { Ajv } from 'ajv';
import { firstValueFrom } from 'rxjs';
import { type Station, stationSchema } from '../domain/organisation/organisation.schema';
import type { CalendarRepository } from './calendar.repository';
import type { CatalogRepository } from './catalog.repository';
import type { StationRepository } from './station.repository';

export interface SeedTargets {
  readonly catalog: CatalogRepository;
  readonly stations: StationRepository;
  readonly calendars: CalendarRepository;
}

/**
 * Fills an empty device with the demo catalog and organisation, and stores the holiday years shipped with the app.
 * The data files are imported lazily so they stay out of the main bundle. Safe to run on every start and from two
 * tabs at once: every write is an upsert of the same data.
 */
export async function seedDemoData(targets: SeedTargets): Promise<void> {
  await Promise.all([
    seedCatalog(targets.catalog),
    seedStations(targets.stations),
    seedHolidayYears(targets.calendars),
  ]);
}

async function seedCatalog(catalog: CatalogRepository): Promise<void> {
  if ((await firstValueFrom(catalog.observeCurrentCatalog())) !== undefined) {
    return;
  }
  const [{ default: demoCatalog }, { validateCatalog }] = await Promise.all([
    import('../domain/demo/demo-catalog.json'),
    import('../domain/catalog/catalog-validation'),
  ]);
  const checked = validateCatalog(demoCatalog);
  if (!checked.ok) {
    throw new Error(`The bundled demo catalog is invalid: ${checked.error.en}`);
  }
  await catalog.putCatalog(checked.value);
}

async function seedStations(stations: StationRepository): Promise<void> {
  if ((await firstValueFrom(stations.observeStations())).length > 0) {
    return;
  }
  const { default: demoOrganisation } = await import('../domain/demo/demo-organisation.json');
  const isStation = new Ajv().compile<Station>(stationSchema);
  const checked: Station[] = [];
  for (const station of demoOrganisation.stations as unknown[]) {
    if (!isStation(station)) {
      throw new Error(`A bundled demo station is invalid: ${JSON.stringify(isStation.errors)}`);
    }
    checked.push(station);
  }
  await stations.putStations(checked);
}

/**
 * Not only on an empty device: a release that ships a new year, or a corrected version of one, brings it to devices
 * that were seeded by an older release. putHolidayYear never replaces a higher version an admin published.
 */
async function seedHolidayYears(calendars: CalendarRepository): Promise<void> {
  const { BUILT_IN_HOLIDAY_YEARS } = await import('../domain/calendar/built-in-holiday-years');
  for (const builtIn of BUILT_IN_HOLIDAY_YEARS) {
    const stored = await calendars.getHolidayYear(builtIn.year);
    if (!stored || stored.version < builtIn.version) {
      await calendars.putHolidayYear(builtIn);
    }
  }
}
