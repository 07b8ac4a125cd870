import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { type DataLayer, openDataLayer } from '../../src/data/data-layer';
import demoCatalog from '../../src/domain/demo/demo-catalog.json';
import demoOrganisation from '../../src/domain/demo/demo-organisation.json';
import { testStorage, uniqueDatabaseName } from './test-database';

let layer: DataLayer | undefined;

afterEach(async () => {
  await layer?.db.remove();
  layer = undefined;
});

const open = (name: string): Promise<DataLayer> =>
  openDataLayer({ name, storage: testStorage(), multiInstance: false });

describe('opening the data layer', () => {
  it('seeds an empty device with the demo catalog, the demo stations and the built-in holiday years', async () => {
    layer = await open(uniqueDatabaseName());
    const catalog = await firstValueFrom(layer.catalog.observeCurrentCatalog());
    expect(catalog?.version).toBe(demoCatalog.version);
    expect(catalog?.items).toHaveLength(demoCatalog.items.length);
    const stations = await firstValueFrom(layer.stations.observeStations());
    expect(stations.map((s) => s.id).sort()).toEqual(demoOrganisation.stations.map((s) => s.id).sort());
    const years = await firstValueFrom(layer.calendars.observeHolidayYears());
    expect(years.map((y) => y.year)).toEqual([2025, 2026]);
  });

  it('leaves data already on the device alone when it opens again', async () => {
    const name = uniqueDatabaseName();
    layer = await open(name);
    const firstStation = (await firstValueFrom(layer.stations.observeStations()))[0]!;
    await layer.stations.putStations([{ ...firstStation, name: '改名后的服务站' }]);
    const year2026 = (await layer.calendars.getHolidayYear(2026))!;
    await layer.calendars.putHolidayYear({
      ...year2026,
      version: year2026.version + 1,
      source: '管理员更正',
    });
    await layer.db.close();

    layer = await open(name);
    expect((await layer.stations.getStation(firstStation.id))?.name).toBe('改名后的服务站');
    expect((await layer.calendars.getHolidayYear(2026))?.source).toBe('管理员更正');
    expect(await firstValueFrom(layer.stations.observeStations())).toHaveLength(
      demoOrganisation.stations.length,
    );
  });
});
