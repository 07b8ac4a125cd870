import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JinbanDatabase } from '../../src/data/db';
import { createStationRepository, type StationRepository } from '../../src/data/station.repository';
import type { Station } from '../../src/domain/organisation/organisation.schema';
import { openTestDatabase } from './test-database';

let db: JinbanDatabase;
let stations: StationRepository;

beforeEach(async () => {
  db = await openTestDatabase();
  stations = createStationRepository(db);
});

afterEach(async () => {
  await db.remove();
});

const station = (id: string, name: string): Station => ({
  id,
  name,
  nameEn: `Station ${id}`,
  level: 'village',
  regionCode: '330802',
  countyCode: '330802',
});

describe('station repository', () => {
  it('lists stations by id and finds one by id', async () => {
    await stations.putStations([station('ST02', '水寨村便民服务站'), station('ST01', '城关镇便民服务中心')]);
    const listed = await firstValueFrom(stations.observeStations());
    expect(listed.map((s) => s.id)).toEqual(['ST01', 'ST02']);
    expect(await stations.getStation('ST02')).toEqual(station('ST02', '水寨村便民服务站'));
    expect(await stations.getStation('ST09')).toBeUndefined();
  });

  it('replaces a station stored again with new details', async () => {
    await stations.putStations([station('ST01', '旧名')]);
    await stations.putStations([station('ST01', '新名')]);
    expect((await stations.getStation('ST01'))?.name).toBe('新名');
  });
});
