import { filter, firstValueFrom, type Observable, timeout } from 'rxjs';
import { createCalendarRepository } from '../../../src/data/calendar.repository';
import { createCaseRepository } from '../../../src/data/case.repository';
import { createCaseCommands, sessionOfProfile } from '../../../src/data/case-commands';
import { createCaseEventRepository } from '../../../src/data/case-event.repository';
import { createCatalogRepository } from '../../../src/data/catalog.repository';
import type { JinbanDatabase } from '../../../src/data/db';
import { createDeviceRepository } from '../../../src/data/device.repository';
import {
  type AuthClient,
  createAuthClient,
  type SyncController,
  type SyncStatus,
  startReplication,
  switchableOnlineSignal,
} from '../../../src/data/replication';
import type { SwitchableOnlineSignal } from '../../../src/data/replication/online-signal';
import { createStationRepository } from '../../../src/data/station.repository';
import type { Case, Person } from '../../../src/domain/case/case.schema';
import { type IntakeField, intakeRequirements } from '../../../src/domain/case/case-workflow';
import type { Validation } from '../../../src/domain/localized-message';
import { openTestDatabase } from '../../data/test-database';
import { DEMO_PASSWORD } from '../../server/demo-password';

/**
 * A tablet in Node: the app's data layer on its own RxDB database, signed in to a real sync server and replicating,
 * as the sync, conflict, attachment and crash-recovery tests use it. RxDB's free tier opens at most 13 collections per
 * process and a tablet opens 5, so a test keeps at most two open at a time.
 */
export interface StationClient {
  readonly db: JinbanDatabase;
  readonly auth: AuthClient;
  readonly sync: SyncController;
  readonly online: SwitchableOnlineSignal;
  readonly device: ReturnType<typeof createDeviceRepository>;
  readonly cases: ReturnType<typeof createCaseRepository>;
  readonly catalog: ReturnType<typeof createCatalogRepository>;
  readonly commands: ReturnType<typeof createCaseCommands>;
  close(): Promise<void>;
}

export interface StationClientOptions {
  /** What the client's requests go through, e.g. to record or drop them. */
  readonly fetch?: typeof fetch;
  /** How long RxDB waits before retrying a failed request. */
  readonly retryTimeMs?: number;
}

export const DEFAULT_WAIT_MS = 15_000;

export async function openStationClient(
  baseUrl: string,
  staffId: string,
  options: StationClientOptions = {},
): Promise<StationClient> {
  const db = await openTestDatabase();
  const caseEvents = createCaseEventRepository(db);
  const repositories = {
    catalog: createCatalogRepository(db),
    stations: createStationRepository(db),
    calendars: createCalendarRepository(db),
    cases: createCaseRepository(db, caseEvents),
    device: createDeviceRepository(db),
  };
  const online = switchableOnlineSignal(true);
  const auth = createAuthClient({
    device: repositories.device,
    online,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  unwrap(await auth.signIn(baseUrl, staffId, DEMO_PASSWORD));
  const sync = startReplication(db, {
    serverUrl: baseUrl,
    auth,
    online,
    retryTimeMs: options.retryTimeMs ?? 200,
  });
  return {
    db,
    auth,
    sync,
    online,
    device: repositories.device,
    cases: repositories.cases,
    catalog: repositories.catalog,
    commands: createCaseCommands(repositories, async () =>
      sessionOfProfile(await repositories.device.getProfile()),
    ),
    close: async () => {
      await sync.stop();
      await db.remove();
    },
  };
}

export const unwrap = <T>(result: Validation<T>): T => {
  if (!result.ok) throw new Error(`Expected success, got: ${result.error.en}`);
  return result.value;
};

export const eventually = <T>(
  source: Observable<T>,
  predicate: (value: T) => boolean,
  waitMs = DEFAULT_WAIT_MS,
): Promise<T> => firstValueFrom(source.pipe(filter(predicate), timeout(waitMs)));

export const statusWhere = (
  client: Pick<StationClient, 'sync'>,
  predicate: (status: SyncStatus) => boolean,
  waitMs = DEFAULT_WAIT_MS,
) => eventually(client.sync.observeSyncStatus(), predicate, waitMs);

/** Idle with nothing left to send. */
export const inSync = (client: Pick<StationClient, 'sync'>, waitMs = DEFAULT_WAIT_MS) =>
  statusWhere(client, (status) => status.state === 'idle' && status.pendingPushes === 0, waitMs);

/** Idle after the first sync has brought every reference collection. */
export const referenceDataArrived = (client: Pick<StationClient, 'sync'>, waitMs = DEFAULT_WAIT_MS) =>
  statusWhere(
    client,
    (status) => status.state === 'idle' && (status.initialSync?.every((entry) => entry.done) ?? false),
    waitMs,
  );

export const caseOn = (
  client: Pick<StationClient, 'cases'>,
  id: string,
  predicate: (c: Case) => boolean = () => true,
) => eventually(client.cases.observeCase(id).pipe(filter((c): c is Case => c !== undefined)), predicate);

export const SAMPLE_APPLICANT: Person = {
  name: '张三',
  idType: 'resident-id',
  idNumber: '11010519491231002X',
  phone: '13800138000',
};

/** A valid answer for any intake field. */
export const sampleValue = (field: IntakeField): string => {
  switch (field.type) {
    case 'id-number':
      return '11010519491231002X';
    case 'phone':
      return '13800138000';
    case 'date':
      return '2026-02-20';
    case 'number':
      return '3';
    case 'select':
      return field.options?.[0] ?? '';
    default:
      return '示例';
  }
};

/**
 * Accepts a case of `itemCode` (by default a 承诺件 of 人社局, RS-003) at the clerk's station, filled as the intake
 * page does it: the sample applicant, every field answered and every material brought. `complete` may add to the
 * draft before it is saved.
 */
export async function acceptCase(
  client: Pick<StationClient, 'commands' | 'catalog'>,
  complete: (draft: Case) => Case | Promise<Case> = (draft) => draft,
  itemCode = 'RS-003',
): Promise<Case> {
  const draft = unwrap(await client.commands.startDraft({ kind: 'item', code: itemCode }, 'window'));
  const catalog = (await client.catalog.getCatalog(draft.catalogVersion))!;
  const form = Object.fromEntries(
    intakeRequirements(draft, catalog).fields.map((field) => [field.code, sampleValue(field)]),
  );
  unwrap(
    await client.commands.saveDraft(
      await complete({
        ...draft,
        applicant: SAMPLE_APPLICANT,
        form,
        materials: draft.materials.map((material) => ({ ...material, state: 'brought' })),
      }),
    ),
  );
  const [accepted] = unwrap(await client.commands.acceptIntake(draft.id)).cases;
  return accepted!;
}
