import type { Case } from '../../../src/domain/case/case.schema';

/** A delivered 出生登记 (GA-1 of the tiny catalog: 公安 gaj, 3 promised working days, at most 1 trip) at GTZX. */
export function aCase(overrides: Partial<Case> & Pick<Case, 'id'>): Case {
  return {
    status: 'delivered',
    itemCode: 'GA-1',
    catalogVersion: 3,
    channel: 'window',
    acceptedAtStation: 'GTZX',
    handlingDepartment: 'gaj',
    deliveryStation: 'GTZX',
    applicant: { name: '王小明', idType: 'resident-id', idNumber: '11010519491231002X' },
    form: {},
    materials: [],
    trips: [],
    clockStops: [],
    createdAt: '2026-03-01T00:00:00.000Z',
    updatedAt: '2026-03-01T00:00:00.000Z',
    ...overrides,
  };
}

/** A trip at 10:00 China time on `date`. */
export const tripOn = (date: string, reason: 'intake' | 'supplement' | 'delivery') => ({
  id: `${reason}-${date}`,
  at: `${date}T02:00:00.000Z`,
  reason,
});

/** 10:00 China time (02:00 UTC) on `date`. */
export const at = (date: string): string => `${date}T02:00:00.000Z`;
