import type { MigrationStrategies, RxCollection, RxJsonSchema } from 'rxdb';
import { type Case, caseSchema } from '../../domain/case/case.schema';
import { casesSchema } from '../schemas/cases.schema';
import { type CatalogDocument, catalogDocumentId } from '../schemas/catalogs.schema';

/**
 * Cases at schema version 0 knew only where a case was accepted. Version 1 models 就近办: a case is accepted at one
 * station, handled by a back-office department and delivered at a station of the applicant's choice.
 */
export type CaseVersion0 = Omit<CaseVersion2, 'handlingDepartment' | 'deliveryStation'>;

/** Cases up to schema version 2 had no conflict mark (see caseSchema.openConflictIds). */
export type CaseVersion2 = Omit<Case, 'openConflictIds'>;

const { openConflictIds: _openConflictIds, ...version2Properties } = caseSchema.properties;

const {
  handlingDepartment: _handlingDepartment,
  deliveryStation: _deliveryStation,
  ...version0Properties
} = version2Properties;

/** The version 0 shape as it was shipped; kept so the migration test can create a database that still has it. */
export const casesSchemaVersion0: RxJsonSchema<CaseVersion0> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  indexes: casesSchema.indexes,
  attachments: {},
  required: caseSchema.required.filter(
    (field) => field !== 'handlingDepartment' && field !== 'deliveryStation',
  ),
  properties: version0Properties,
};

/** Version 2 as it was shipped, before the sync server could mark a case as conflicted. */
export const casesSchemaVersion2: RxJsonSchema<CaseVersion2> = {
  version: 2,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  indexes: casesSchema.indexes,
  attachments: {},
  required: caseSchema.required,
  properties: version2Properties,
};

/** Version 1 as it was shipped: applicant and agent had to be named before a case could be stored at all. */
export const casesSchemaVersion1: RxJsonSchema<CaseVersion2> = {
  ...casesSchemaVersion2,
  version: 1,
  properties: {
    ...version2Properties,
    applicant: namedPersonSchema(),
    agent: namedPersonSchema(),
  },
};

function namedPersonSchema() {
  const person = caseSchema.properties.applicant;
  return {
    ...person,
    properties: {
      ...person.properties,
      name: { ...person.properties.name, minLength: 1 },
      idNumber: { ...person.properties.idNumber, minLength: 1 },
    },
  };
}

/** Department code recorded when the case's catalog version or item is not on this device. */
export const UNKNOWN_DEPARTMENT = 'unknown';

/** Finds the department that handles an item in a given catalog version, if that catalog is on this device. */
export type DepartmentLookup = (itemCode: string, catalogVersion: number) => Promise<string | undefined>;

export const casesMigrationStrategies = (departmentOf: DepartmentLookup): MigrationStrategies => ({
  // Until version 1 every case was delivered where it was accepted, and handled by the item's department.
  1: async (oldCase: CaseVersion0): Promise<CaseVersion2> => ({
    ...oldCase,
    deliveryStation: oldCase.acceptedAtStation,
    handlingDepartment: (await departmentOf(oldCase.itemCode, oldCase.catalogVersion)) ?? UNKNOWN_DEPARTMENT,
  }),
  // Version 2 only relaxed the schema (a draft may have an unnamed applicant): every version-1 case is valid as is.
  2: (version1Case: CaseVersion2): CaseVersion2 => version1Case,
  // Version 3 added the optional conflict mark, which no case stored before it can carry.
  3: (version2Case: CaseVersion2): Case => version2Case,
});

/**
 * Reads each catalog version once; migration runs only when old cases exist, so a normal start costs nothing.
 */
export function catalogDepartmentLookup(catalogs: RxCollection<CatalogDocument>): DepartmentLookup {
  const departmentsByVersion = new Map<number, Promise<ReadonlyMap<string, string>>>();
  return async (itemCode, catalogVersion) => {
    let departments = departmentsByVersion.get(catalogVersion);
    if (!departments) {
      departments = catalogs
        .findOne(catalogDocumentId(catalogVersion))
        .exec()
        .then((doc) => new Map(doc?.toJSON().catalog.items.map((item) => [item.code, item.departmentCode])));
      departmentsByVersion.set(catalogVersion, departments);
    }
    return (await departments).get(itemCode);
  };
}
