import { createRxDatabase } from 'rxdb';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { afterEach, describe, expect, it } from 'vitest';
import { createCaseRepository } from '../../src/data/case.repository';
import { createCaseEventRepository } from '../../src/data/case-event.repository';
import { createJinbanDatabase, type JinbanDatabase } from '../../src/data/db';
import {
  type CaseVersion0,
  casesSchemaVersion0,
  casesSchemaVersion1,
  casesSchemaVersion2,
  UNKNOWN_DEPARTMENT,
} from '../../src/data/migrations/cases.migrations';
import { catalogsSchema } from '../../src/data/schemas/catalogs.schema';
import type { Case } from '../../src/domain/case/case.schema';
import type { Catalog } from '../../src/domain/catalog/catalog.schema';
import { caseFixture, testStorage, uniqueDatabaseName } from './test-database';

let db: JinbanDatabase | undefined;

afterEach(async () => {
  await db?.remove();
  db = undefined;
});

const catalogVersion1: Catalog = {
  version: 1,
  publishedAt: '2025-12-01T00:00:00.000Z',
  departments: [{ code: 'rs', name: '人社', nameEn: 'Human Resources and Social Security', level: 'county' }],
  fields: [],
  materials: [],
  items: [
    {
      code: 'RS-001',
      name: '就业失业登记',
      nameEn: 'Employment and unemployment registration',
      departmentCode: 'rs',
      level: 'village',
      legalBasis: '《就业服务与就业管理规定》',
      kind: 'instant',
      statutoryDays: 0,
      promisedDays: 0,
      fee: 0,
      maxTrips: 0,
      onlineCapable: true,
      version: 1,
      materials: [],
      fields: [],
      resultDocument: '就业创业证',
    },
  ],
  bundles: [],
};

const version0Case = (id: string, itemCode: string, catalogVersion: number): CaseVersion0 => {
  const {
    handlingDepartment: _h,
    deliveryStation: _d,
    ...shape
  } = caseFixture({ id, itemCode, catalogVersion });
  return { ...shape, acceptedAtStation: 'ST07' };
};

/**
 * Writes cases in the version 0 shape, the way a tablet still running the previous release left them. The database
 * is built here directly because createJinbanDatabase only knows the current schemas.
 */
async function writeVersion0Database(name: string, cases: readonly CaseVersion0[]): Promise<void> {
  const old = await createRxDatabase({ name, storage: testStorage(), multiInstance: false });
  const { catalogs, cases: oldCases } = await old.addCollections({
    catalogs: { schema: catalogsSchema },
    cases: { schema: casesSchemaVersion0 },
  });
  await catalogs.insert({
    id: '1',
    version: 1,
    publishedAt: catalogVersion1.publishedAt,
    catalog: catalogVersion1,
  });
  await oldCases.bulkInsert([...cases]);
  await old.close();
}

describe('cases migration from schema version 0', () => {
  it('delivers where the case was accepted and takes the department from its catalog item', async () => {
    const name = uniqueDatabaseName();
    await writeVersion0Database(name, [
      version0Case('known-item', 'RS-001', 1),
      version0Case('unknown-item', 'XX-404', 1),
      version0Case('missing-catalog', 'RS-001', 7),
    ]);

    db = await createJinbanDatabase({ name, storage: testStorage(), multiInstance: false });
    const cases = createCaseRepository(db, createCaseEventRepository(db));

    const known = await cases.getCase('known-item');
    expect(known).toEqual({
      ...version0Case('known-item', 'RS-001', 1),
      deliveryStation: 'ST07',
      handlingDepartment: 'rs',
    });
    expect((await cases.getCase('unknown-item'))?.handlingDepartment).toBe(UNKNOWN_DEPARTMENT);
    expect((await cases.getCase('missing-catalog'))?.handlingDepartment).toBe(UNKNOWN_DEPARTMENT);
    expect(await cases.countCases({ stationId: 'ST07' })).toBe(3);
  });
});

describe('cases migration from schema version 1', () => {
  it('keeps every named case unchanged and then stores drafts whose applicant is not yet named', async () => {
    const name = uniqueDatabaseName();
    const named = caseFixture({ id: 'named', itemCode: 'RS-001', catalogVersion: 1 });
    const validatedStorage = wrappedValidateAjvStorage({ storage: testStorage() });
    const old = await createRxDatabase({ name, storage: validatedStorage, multiInstance: false });
    const { cases: oldCases } = await old.addCollections({
      // A fresh database at version 1 has nothing to migrate; RxDB still asks for a strategy per version step.
      cases: { schema: casesSchemaVersion1, migrationStrategies: { 1: (doc: Case) => doc } },
    });
    await oldCases.insert(named);
    await expect(
      oldCases.insert({ ...named, id: 'unnamed', applicant: { ...named.applicant, name: '' } }),
    ).rejects.toThrow();
    await old.close();

    db = await createJinbanDatabase({ name, storage: testStorage(), multiInstance: false });
    const cases = createCaseRepository(db, createCaseEventRepository(db));
    expect(await cases.getCase('named')).toEqual(named);
    const unnamedDraft = {
      ...named,
      id: 'unnamed',
      status: 'draft' as const,
      applicant: { ...named.applicant, name: '' },
    };
    await cases.saveDraft(unnamedDraft);
    expect((await cases.getCase('unnamed'))?.applicant.name).toBe('');
  });
});

describe('cases migration from schema version 2', () => {
  it("keeps every case unchanged and then stores the sync server's conflict mark", async () => {
    const name = uniqueDatabaseName();
    const stored = caseFixture({ id: 'stored', itemCode: 'RS-001', catalogVersion: 1 });
    const validatedStorage = wrappedValidateAjvStorage({ storage: testStorage() });
    const old = await createRxDatabase({ name, storage: validatedStorage, multiInstance: false });
    const { cases: oldCases } = await old.addCollections({
      cases: {
        schema: casesSchemaVersion2,
        migrationStrategies: { 1: (doc: Case) => doc, 2: (doc: Case) => doc },
      },
    });
    await oldCases.insert(stored);
    await expect(oldCases.insert({ ...stored, id: 'marked', openConflictIds: ['c-1'] })).rejects.toThrow();
    await old.close();

    db = await createJinbanDatabase({ name, storage: testStorage(), multiInstance: false });
    expect((await db.cases.findOne('stored').exec())?.toJSON()).toEqual(stored);
    await db.cases.insert({ ...stored, id: 'marked', openConflictIds: ['c-1'] });
    expect((await db.cases.findOne('marked').exec())?.toJSON().openConflictIds).toEqual(['c-1']);
  });
});
