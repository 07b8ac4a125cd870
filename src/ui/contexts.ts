import { createContext } from '@lit/context';
import type { CalendarRepository } from '../data/calendar.repository';
import type { CaseRepository } from '../data/case.repository';
import type { CaseCommands } from '../data/case-commands';
import type { CaseEventRepository } from '../data/case-event.repository';
import type { CatalogRepository } from '../data/catalog.repository';
import type { DeviceRepository, StaffProfile } from '../data/device.repository';
import type { AdminClient, AttachmentSync, AuthClient, SyncController } from '../data/replication';
import type { StationRepository } from '../data/station.repository';
import type { Locale } from './i18n/messages';

/** What the shell hands down to every page and component; components never open the database themselves. */
export const catalogRepositoryContext = createContext<CatalogRepository>(Symbol('jb-catalog-repository'));
export const stationRepositoryContext = createContext<StationRepository>(Symbol('jb-station-repository'));
export const caseRepositoryContext = createContext<CaseRepository>(Symbol('jb-case-repository'));
export const caseEventRepositoryContext = createContext<CaseEventRepository>(
  Symbol('jb-case-event-repository'),
);
export const calendarRepositoryContext = createContext<CalendarRepository>(Symbol('jb-calendar-repository'));
export const deviceRepositoryContext = createContext<DeviceRepository>(Symbol('jb-device-repository'));
export const caseCommandsContext = createContext<CaseCommands>(Symbol('jb-case-commands'));
export const authClientContext = createContext<AuthClient>(Symbol('jb-auth-client'));
/** The administrator's console at the sync server (conflicts, sync monitor); online and admin role only. */
export const adminClientContext = createContext<AdminClient>(Symbol('jb-admin-client'));
/** Replication with the sync server; read its status through SyncStatusController. */
export const syncControllerContext = createContext<SyncController>(Symbol('jb-sync-controller'));
/** Material photos with the sync server: uploads in the background, getPhoto fetches another device's photo. */
export const photoSyncContext = createContext<AttachmentSync>(Symbol('jb-photo-sync'));
/** The staff member signed in on this tablet, undefined while nobody is; read it through SessionController. */
export const sessionContext = createContext<StaffProfile | undefined>(Symbol('jb-session'));
export const localeContext = createContext<Locale>(Symbol('jb-locale'));
