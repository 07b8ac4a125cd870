import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendarRepository } from '../../src/data/calendar.repository';
import { createCaseRepository } from '../../src/data/case.repository';
import { createCaseCommands, sessionOfProfile } from '../../src/data/case-commands';
import { createCaseEventRepository } from '../../src/data/case-event.repository';
import { createCatalogRepository } from '../../src/data/catalog.repository';
import type { JinbanDatabase } from '../../src/data/db';
import { createDeviceRepository } from '../../src/data/device.repository';
import {
  createAuthClient,
  type SyncController,
  type SyncStatus,
  startReplication,
  switchableOnlineSignal,
} from '../../src/data/replication';
import type { SwitchableOnlineSignal } from '../../src/data/replication/online-signal';
import { createStationRepository } from '../../src/data/station.repository';
import type { Case } from '../../src/domain/case/case.schema';
import { type IntakeField, intakeRequirements } from '../../src/domain/case/case-workflow';
import type { Validation } from '../../src/domain/localized-message';
import { openTestDatabase } from '../data/test-database';
import { type ServerProcess, startServerProcess } from './server-process';
import { bearer, DEMO_PASSWORD } from './test-server';

/**
 * Issue 4: the server is killed (SIGKILL) in the middle of a push and restarted. Nothing it acknowledged is lost,
 * nothing is stored twice, and the tablets resume on their own (RxDB's retry and the stream's reconnect only).
 */

const WAIT_MS = 60_000;
/** Pushes the server must have acknowledged before the kill is armed. */
const ACKNOWLEDGED_BEFORE_KILL = 5;
/** The kill waits for a push at least this large: a tablet's backlog after being offline. */
const LARGE_PUSH_ROWS = 20;
const BACKLOG_CASES = 60;

const dataDir = mkdtempSync(join(tmpdir(), 'jinban-crash-'));
const serverEnv = {
  DATA_DIR: dataDir,
  DIST_DIR: join(dataDir, 'no-dist'),
  JINBAN_DEMO: '1',
  PASSWORD_ITERATIONS: '1000',
  JINBAN_TOKEN_SECRET: 'crash-recovery-secret-crash-recovery-0123',
  RATE_LIMIT_PER_MINUTE: '100000',
  LOG_LEVEL: 'warn',
};

interface PushRecord {
  readonly ids: readonly string[];
  /** Settled with the server's answer, or with undefined when no answer came. */
  readonly answered: Promise<boolean>;
}

/**
 * Watches the clients' pushes of cases on the wire: what the server acknowledged (HTTP 200, neither refused nor
 * in conflict), and a hook that sees each push as it leaves, to time the kill.
 */
function watchPushes(onPushSent: (ids: readonly string[]) => void) {
  const acknowledged = new Set<string>();
  const pushes: PushRecord[] = [];
  let acknowledgedPushes = 0;
  const original = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.endsWith('/api/replication/cases/push') || typeof init?.body !== 'string') {
      return original(input, init);
    }
    const rows = JSON.parse(init.body) as { newDocumentState: { id: string } }[];
    const ids = rows.map((row) => row.newDocumentState.id);
    const response = original(input, init);
    const answered = response.then(
      async (answer) => {
        if (!answer.ok) return true;
        const body = (await answer.clone().json()) as {
          conflicts: { id: string }[];
          rejected: { id: string }[];
        };
        const refused = new Set([...body.conflicts, ...body.rejected].map((row) => row.id));
        for (const id of ids) if (!refused.has(id)) acknowledged.add(id);
        acknowledgedPushes++;
        return true;
      },
      () => false,
    );
    pushes.push({ ids, answered });
    onPushSent(ids);
    return response;
  };
  return {
    acknowledged,
    pushes,
    acknowledgedPushes: () => acknowledgedPushes,
    restore: () => {
      globalThis.fetch = original;
    },
  };
}

interface Tablet {
  readonly db: JinbanDatabase;
  readonly sync: SyncController;
  readonly online: SwitchableOnlineSignal;
  readonly commands: ReturnType<typeof createCaseCommands>;
  readonly catalog: ReturnType<typeof createCatalogRepository>;
  close(): Promise<void>;
}

const unwrap = <T>(result: Validation<T>): T => {
  if (!result.ok) throw new Error(`Expected success, got: ${result.error.en}`);
  return result.value;
};

const statusWhere = (sync: SyncController, predicate: (status: SyncStatus) => boolean) =>
  firstValueFrom(sync.observeSyncStatus().pipe(filter(predicate), timeout(WAIT_MS)));

async function openTablet(baseUrl: string, staffId: string): Promise<Tablet> {
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
  const auth = createAuthClient({ device: repositories.device, online });
  unwrap(await auth.signIn(baseUrl, staffId, DEMO_PASSWORD));
  const sync = startReplication(db, { serverUrl: baseUrl, auth, online, retryTimeMs: 300 });
  await statusWhere(
    sync,
    (status) => status.state === 'idle' && (status.initialSync?.every((entry) => entry.done) ?? false),
  );
  return {
    db,
    sync,
    online,
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

const sampleValue = (field: IntakeField): string => {
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

/** A 承诺件 of 人社局 (RS-003) accepted at the clerk's station, as the intake page does it. */
async function acceptCase(tablet: Tablet): Promise<Case> {
  const draft = unwrap(await tablet.commands.startDraft({ kind: 'item', code: 'RS-003' }, 'window'));
  const catalog = (await tablet.catalog.getCatalog(draft.catalogVersion))!;
  const form = Object.fromEntries(
    intakeRequirements(draft, catalog).fields.map((field) => [field.code, sampleValue(field)]),
  );
  unwrap(
    await tablet.commands.saveDraft({
      ...draft,
      applicant: {
        name: '张三',
        idType: 'resident-id',
        idNumber: '11010519491231002X',
        phone: '13800138000',
      },
      form,
      materials: draft.materials.map((material) => ({ ...material, state: 'brought' })),
    }),
  );
  return unwrap(await tablet.commands.acceptIntake(draft.id)).cases[0]!;
}

/** Every case the server holds, read as the county's administrator would, page by page. */
async function serverCases(baseUrl: string): Promise<Case[]> {
  const signIn = await fetch(`${baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ staffId: 'admin-lin', password: DEMO_PASSWORD }),
  });
  const { accessToken } = (await signIn.json()) as { accessToken: string };
  const cases: Case[] = [];
  for (let seq = 0; ; ) {
    const response = await fetch(`${baseUrl}/api/replication/cases/pull?seq=${seq}&limit=500`, {
      headers: bearer(accessToken),
    });
    const page = (await response.json()) as { documents: Case[]; checkpoint: { seq: number } };
    cases.push(...page.documents);
    if (page.documents.length === 0) return cases;
    seq = page.checkpoint.seq;
  }
}

const duplicatesOf = (values: readonly (string | undefined)[]): string[] =>
  values.filter((value, index) => value !== undefined && values.indexOf(value) !== index) as string[];

describe('a sync server killed in the middle of a push', () => {
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    server = await startServerProcess(serverEnv);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('loses nothing it acknowledged, stores nothing twice, and the tablets resume on their own', async () => {
    const first = server!;
    let killArmed = false;
    let killedDuring: readonly string[] | undefined;
    let killed: Promise<void> | undefined;
    const wire = watchPushes((ids) => {
      if (!killArmed || killed !== undefined || ids.length < LARGE_PUSH_ROWS) return;
      killedDuring = ids;
      // A few milliseconds in: the request is on its way or being handled, the answer not yet sent.
      killed = new Promise((resolve) => setTimeout(resolve, 5)).then(() => first.kill());
    });
    const steady = await openTablet(first.baseUrl, 'clerk-gtzx-wang');
    const returning = await openTablet(first.baseUrl, 'clerk-qszx-chen');
    let accepting = true;
    try {
      // One tablet accepts cases all along, its pushes going out one or two at a time.
      const steadyCases = (async () => {
        let count = 0;
        while (accepting) {
          await acceptCase(steady);
          count++;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        return count;
      })();
      await expect
        .poll(() => wire.acknowledgedPushes(), { timeout: WAIT_MS })
        .toBeGreaterThanOrEqual(ACKNOWLEDGED_BEFORE_KILL);
      const acknowledgedBeforeKill = new Set(wire.acknowledged);

      // The other comes back online with a day's backlog: its first push is the large one the kill lands in.
      returning.online.set(false);
      for (let index = 0; index < BACKLOG_CASES; index++) await acceptCase(returning);
      killArmed = true;
      returning.online.set(true);
      // A promise returned to poll would be awaited, so poll whether the kill has been scheduled.
      await expect.poll(() => killed !== undefined, { timeout: WAIT_MS }).toBe(true);
      await killed;
      for (const id of wire.acknowledged) acknowledgedBeforeKill.add(id);

      const restarted = await startServerProcess(serverEnv, first.port);
      server = restarted;
      accepting = false;
      const acceptedBySteady = await steadyCases;
      for (let index = 0; index < 3; index++) await acceptCase(steady);

      for (const tablet of [steady, returning]) {
        await statusWhere(tablet.sync, (status) => status.state === 'idle' && status.pendingPushes === 0);
      }

      const onServer = await serverCases(restarted.baseUrl);
      const local = [
        ...(await steady.db.cases.find().exec()),
        ...(await returning.db.cases.find().exec()),
      ].map((document) => document.toMutableJSON() as Case);
      expect(local).toHaveLength(acceptedBySteady + 3 + BACKLOG_CASES);
      expect(duplicatesOf(onServer.map((stored) => stored.id))).toEqual([]);
      expect(duplicatesOf(onServer.map((stored) => stored.caseNo))).toEqual([]);
      const serverById = new Map(onServer.map((stored) => [stored.id, stored]));
      for (const mine of local) {
        expect(serverById.get(mine.id)?.caseNo, `case ${mine.id}`).toBe(mine.caseNo);
        expect(mine.caseNo).toBeDefined();
      }
      expect(onServer).toHaveLength(local.length);
      expect([...acknowledgedBeforeKill].filter((id) => !serverById.has(id))).toEqual([]);
      // The kill really cut a push short: the one it landed in never got an answer.
      const cutShort = wire.pushes.find((push) => push.ids === killedDuring);
      expect(await cutShort?.answered).toBe(false);
    } finally {
      accepting = false;
      wire.restore();
      await steady.close();
      await returning.close();
    }
  }, 180_000);
});
