import { filter, firstValueFrom, timeout } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCaseRepository } from '../../src/data/case.repository';
import { createCaseEventRepository } from '../../src/data/case-event.repository';
import { createCatalogRepository } from '../../src/data/catalog.repository';
import type { JinbanDatabase } from '../../src/data/db';
import { createDeviceRepository } from '../../src/data/device.repository';
import {
  createAuthClient,
  type SyncController,
  startReplication,
  switchableOnlineSignal,
} from '../../src/data/replication';
import holidays2026 from '../../src/domain/calendar/holidays/2026.json';
import type { Catalog } from '../../src/domain/catalog/catalog.schema';
import demoCatalog from '../../src/domain/demo/demo-catalog.json';
import { openTestDatabase } from '../data/test-database';
import {
  bearer,
  caseDoc,
  DEMO_PASSWORD,
  insert,
  pull,
  push,
  signIn,
  startTestServer,
  type TestServer,
} from './test-server';

const WAIT_MS = 15_000;

let server: TestServer;
let baseUrl: string;

beforeAll(async () => {
  server = await startTestServer();
  baseUrl = await server.app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await server.close();
});

const catalogVersion = (version: number): Catalog => ({
  ...(demoCatalog as Catalog),
  version,
  publishedAt: `2026-0${version}-01T00:00:00.000Z`,
  // Published without initials: the server fills them in.
  items: (demoCatalog as Catalog).items.map(({ pinyinInitials: _dropped, ...item }) => item),
});

const post = (token: string, path: string, body: unknown) =>
  server.app.inject({ method: 'POST', url: path, headers: bearer(token), payload: body as object });

describe('publishing a catalog', () => {
  const openDatabases: { db: JinbanDatabase; sync: SyncController }[] = [];
  afterEach(async () => {
    for (const { db, sync } of openDatabases.splice(0)) {
      await sync.stop();
      await db.remove();
    }
  });

  it('is for administrators only', async () => {
    const clerk = await signIn(server.app, 'clerk-gtzx-wang');
    const response = await post(clerk.accessToken, '/api/admin/catalogs', catalogVersion(9));
    expect(response.statusCode).toBe(403);
    expect(response.json().reason.zh).toContain('无权');
  });

  it('refuses an invalid catalog, listing every problem in Chinese and English', async () => {
    const admin = await signIn(server.app, 'admin-lin');
    const catalog = catalogVersion(9);
    const [first, second] = catalog.items;
    const broken: Catalog = {
      ...catalog,
      items: [
        { ...first!, departmentCode: 'no-such-department' },
        // An instant item (即办件) promising days.
        { ...second!, kind: 'instant', promisedDays: 3 },
        ...catalog.items.slice(2),
      ],
    };

    const response = await post(admin.accessToken, '/api/admin/catalogs', broken);

    expect(response.statusCode).toBe(400);
    const body = response.json() as { reason: { zh: string }; errors: { zh: string; en: string }[] };
    expect(body.errors.length).toBeGreaterThanOrEqual(2);
    expect(body.errors.some((error) => error.en.includes('no-such-department'))).toBe(true);
    expect(body.reason.zh).toContain(`共 ${body.errors.length} 处问题`);
    const published = (await pull(server.app, admin.accessToken, 'catalogs')).json().documents as {
      id: string;
    }[];
    expect(published.map((document) => document.id)).not.toContain('9');
  });

  it('sends a new version to stations on their next sync, while cases keep the version they were accepted under', async () => {
    const clerkTokens = await signIn(server.app, 'clerk-gtzx-wang');
    expect((await push(server.app, clerkTokens.accessToken, 'cases', [insert(caseDoc())])).statusCode).toBe(
      200,
    );

    const db = await openTestDatabase();
    const device = createDeviceRepository(db);
    const catalogs = createCatalogRepository(db);
    const cases = createCaseRepository(db, createCaseEventRepository(db));
    const online = switchableOnlineSignal(true);
    const auth = createAuthClient({ device, online });
    const signedIn = await auth.signIn(baseUrl, 'clerk-gtzx-wang', DEMO_PASSWORD);
    expect(signedIn.ok).toBe(true);
    const sync = startReplication(db, { serverUrl: baseUrl, auth, online, retryTimeMs: 200 });
    openDatabases.push({ db, sync });
    const catalogArriving = (version: number) =>
      firstValueFrom(
        catalogs.observeCurrentCatalog().pipe(
          filter((catalog) => catalog?.version === version),
          timeout(WAIT_MS),
        ),
      );
    await catalogArriving(1);

    const admin = await signIn(server.app, 'admin-lin');
    const published = await post(admin.accessToken, '/api/admin/catalogs', catalogVersion(2));
    expect(published.statusCode).toBe(201);
    expect(published.json()).toEqual({ id: '2', version: 2, publishedAt: '2026-02-01T00:00:00.000Z' });

    const current = await catalogArriving(2);
    expect(current?.items.every((item) => (item.pinyinInitials ?? '').length > 0)).toBe(true);
    expect((await catalogs.getCatalog(1))?.version).toBe(1);
    expect((await cases.getCase('case-1'))?.catalogVersion).toBe(1);
  }, 30_000);

  it('refuses a version that is not above the highest published one', async () => {
    const admin = await signIn(server.app, 'admin-lin');
    const highest = Math.max(
      ...(await pull(server.app, admin.accessToken, 'catalogs'))
        .json()
        .documents.map((document: { version: number }) => document.version),
    );

    const response = await post(admin.accessToken, '/api/admin/catalogs', catalogVersion(highest));

    expect(response.statusCode).toBe(409);
    expect(response.json().reason.zh).toContain(`最高版本 ${highest}`);
  });
});

describe('publishing a holiday calendar', () => {
  it('replaces a year with a higher version and refuses one that is not higher', async () => {
    const admin = await signIn(server.app, 'admin-lin');
    const corrected = {
      ...holidays2026,
      version: holidays2026.version + 1,
      source: `${holidays2026.source}（更正）`,
    };

    const accepted = await post(admin.accessToken, '/api/admin/calendars', corrected);
    expect(accepted.statusCode).toBe(201);
    const clerk = await signIn(server.app, 'clerk-gtzx-wang');
    const years = (await pull(server.app, clerk.accessToken, 'calendars')).json().documents as {
      id: string;
      version: number;
    }[];
    expect(years.find((year) => year.id === '2026')?.version).toBe(corrected.version);

    const stale = await post(admin.accessToken, '/api/admin/calendars', holidays2026);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().reason.en).toContain('2026');
  });

  it('refuses a calendar whose make-up working day is a weekday', async () => {
    const admin = await signIn(server.app, 'admin-lin');
    const response = await post(admin.accessToken, '/api/admin/calendars', {
      ...holidays2026,
      version: 99,
      makeUpWorkdays: ['2026-03-04'],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().reason.zh).toContain('不是周末');
  });

  it('is for administrators only', async () => {
    const approver = await signIn(server.app, 'approver-rsj-liu');
    const response = await post(approver.accessToken, '/api/admin/calendars', {
      ...holidays2026,
      version: 99,
    });
    expect(response.statusCode).toBe(403);
  });
});
