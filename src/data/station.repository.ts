import { map, type Observable } from 'rxjs';
import type { Station } from '../domain/organisation/organisation.schema';
import type { JinbanDatabase } from './db';
import { withStorageFullMapping } from './storage-errors';

export interface StationRepository {
  /** All stations, ordered by station id. */
  observeStations(): Observable<Station[]>;
  getStation(id: string): Promise<Station | undefined>;
  putStations(stations: readonly Station[]): Promise<void>;
}

export function createStationRepository(db: JinbanDatabase): StationRepository {
  const stations = db.stations;
  return {
    observeStations: () =>
      stations.find({ sort: [{ id: 'asc' }] }).$.pipe(map((docs) => docs.map((doc) => doc.toMutableJSON()))),

    getStation: async (id) => (await stations.findOne(id).exec())?.toMutableJSON(),

    putStations: async (list) => {
      await withStorageFullMapping(() => stations.bulkUpsert([...list]));
    },
  };
}
