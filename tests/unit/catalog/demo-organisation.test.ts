import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import demoCatalogJson from '../../../src/domain/demo/demo-catalog.json';
import demoOrganisation from '../../../src/domain/demo/demo-organisation.json';
import {
  ROLES,
  type Staff,
  staffSchema,
  stationSchema,
} from '../../../src/domain/organisation/organisation.schema';

const ajv = new Ajv({ allErrors: true });
const isStation = ajv.compile(stationSchema);
const isStaff = ajv.compile<Staff>(staffSchema);

const stations = demoOrganisation.stations;
const stationById = new Map(stations.map((station) => [station.id, station]));

describe('demo organisation', () => {
  it('has valid stations with unique ids in 岱山县 (330921)', () => {
    for (const station of stations) expect(isStation(station), JSON.stringify(isStation.errors)).toBe(true);
    expect(new Set(stations.map((station) => station.id)).size).toBe(stations.length);
    expect(stations.every((station) => station.countyCode === '330921')).toBe(true);
  });

  it('has at least 6 stations: villages, townships and an island township', () => {
    expect(stations.length).toBeGreaterThanOrEqual(6);
    expect(stations.some((station) => station.level === 'village')).toBe(true);
    expect(stations.some((station) => station.level === 'township' && station.island === true)).toBe(true);
  });

  it('hangs every village under a township and every township under the county centre', () => {
    for (const station of stations) {
      const parent =
        station.parentStationId === undefined ? undefined : stationById.get(station.parentStationId);
      if (station.level === 'village') expect(parent?.level, station.id).toBe('township');
      if (station.level === 'township') expect(parent?.level, station.id).toBe('county');
    }
  });

  it('has staff that validate, working at stations and departments that exist', () => {
    const staff = demoOrganisation.staff.filter((member) => isStaff(member));
    expect(staff).toHaveLength(demoOrganisation.staff.length);
    const departments = new Set(demoCatalogJson.departments.map((department) => department.code));
    for (const member of staff) {
      if (member.stationId !== undefined) expect(stationById.has(member.stationId), member.id).toBe(true);
      if (member.departmentCode !== undefined)
        expect(departments.has(member.departmentCode), member.id).toBe(true);
    }
    expect([...new Set(staff.map((member) => member.role))].sort()).toEqual([...ROLES].sort());
  });

  it('keeps demo passwords apart from the staff documents, one per account', () => {
    expect(Object.keys(demoOrganisation.demoPasswords).sort()).toEqual(
      demoOrganisation.staff.map((member) => member.id).sort(),
    );
    expect(JSON.stringify(demoOrganisation.staff)).not.toContain('password');
  });
});

describe('staffSchema', () => {
  it('requires a station for a clerk and a department for an approver', () => {
    expect(isStaff({ id: 'clerk-x', name: '王芳', role: 'clerk' })).toBe(false);
    expect(isStaff({ id: 'approver-x', name: '李强', role: 'approver', stationId: 'GTZX' })).toBe(false);
    expect(isStaff({ id: 'approver-x', name: '李强', role: 'approver', departmentCode: 'rsj' })).toBe(true);
  });

  it('has no place for a password', () => {
    expect(isStaff({ id: 'admin-x', name: '赵敏', role: 'admin', password: 'secret' })).toBe(false);
  });
});
