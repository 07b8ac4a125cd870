import { firstValueFrom, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { CaseListQuery } from '../../../src/data/case.repository';
import { BUILT_IN_HOLIDAY_YEARS, defaultCalendar } from '../../../src/domain/calendar/built-in-holiday-years';
import { WorkingDayCalendar } from '../../../src/domain/calendar/working-day-calendar';
import type { Case } from '../../../src/domain/case/case.schema';
import type { Catalog } from '../../../src/domain/catalog/catalog.schema';
import demoCatalogJson from '../../../src/domain/demo/demo-catalog.json';
import { CatalogVersions, deadlineCandidates, observeCaseList } from '../../../src/ui/pages/case-list-source';

const demoCatalog = demoCatalogJson as Catalog;
const calendar = defaultCalendar();
/** Thursday 5 March 2026, 12:00 in China. */
const NOW = new Date('2026-03-05T04:00:00Z');

/** 社会保障卡申领 promises 5 working days, so it turns yellow with 2 working days left. */
const acceptedCase = (id: string, acceptedOn: string): Case => ({
  id,
  caseNo: `NO-${id}`,
  status: 'accepted',
  itemCode: 'RS-004',
  catalogVersion: demoCatalog.version,
  channel: 'window',
  acceptedAtStation: 'GTZX',
  handlingDepartment: 'rsj',
  deliveryStation: 'GTZX',
  applicant: { name: '赵春梅', idType: 'resident-id', idNumber: '11010519491231002X' },
  form: {},
  materials: [],
  trips: [],
  acceptedOn,
  clockStops: [],
  createdAt: `${acceptedOn}T01:00:00.000Z`,
  updatedAt: `${acceptedOn}T01:00:00.000Z`,
});

function fakeCases(cases: readonly Case[]) {
  const queries: CaseListQuery[] = [];
  return {
    queries,
    repository: {
      observeCases: (query: CaseListQuery) => {
        queries.push(query);
        return of(cases.slice(0, query.limit));
      },
      observeCaseCount: () => of(cases.length),
    },
  };
}

const sourcesWith = (cases: ReturnType<typeof fakeCases>, years = BUILT_IN_HOLIDAY_YEARS) => ({
  cases: cases.repository,
  catalogs: new CatalogVersions({ getCatalog: async () => demoCatalog }),
  calendar: of(WorkingDayCalendar.fromYears(years)),
  now: () => NOW,
});

describe('deadlineCandidates', () => {
  it('looks for red among all clocked cases due before today', () => {
    expect(deadlineCandidates('red', undefined, '2026-03-05', calendar)).toEqual({
      status: ['accepted', 'in-review', 'awaiting-supplement'],
      dueOn: { to: '2026-03-04' },
    });
  });

  it('looks for green only among running cases with more than the smallest yellow band left', () => {
    expect(deadlineCandidates('green', undefined, '2026-03-05', calendar)).toEqual({
      status: ['accepted', 'in-review'],
      dueOn: { from: '2026-03-10' },
    });
  });

  it('finds nothing for a light the chosen status can never show', () => {
    expect(deadlineCandidates('yellow', 'awaiting-supplement', '2026-03-05', calendar)).toBeUndefined();
    expect(deadlineCandidates('red', 'delivered', '2026-03-05', calendar)).toBeUndefined();
  });
});

describe('observeCaseList', () => {
  it('keeps exactly the cases deadline.ts lights in the chosen colour', async () => {
    const dueSoon = acceptedCase('due-soon', '2026-03-02');
    const onTime = acceptedCase('on-time', '2026-03-04');
    const cases = fakeCases([dueSoon, onTime]);

    const yellow = await firstValueFrom(observeCaseList(sourcesWith(cases), { light: 'yellow' }, 50));
    expect(yellow.rows.map((row) => row.case.id)).toEqual(['due-soon']);
    expect(yellow.total).toBe(1);
    expect(yellow.rows[0]?.deadline).toMatchObject({ light: 'yellow', remainingWorkingDays: 2 });
    expect(yellow.rows[0]?.itemName?.name).toBe('社会保障卡申领');

    const green = await firstValueFrom(observeCaseList(sourcesWith(cases), { light: 'green' }, 50));
    expect(green.rows.map((row) => row.case.id)).toEqual(['on-time']);
  });

  it('lets the repository page and count when no light is chosen', async () => {
    const cases = fakeCases([acceptedCase('a', '2026-03-02'), acceptedCase('b', '2026-03-04')]);
    const page = await firstValueFrom(observeCaseList(sourcesWith(cases), { channel: 'window' }, 1));
    expect(page.rows).toHaveLength(1);
    expect(page.total).toBe(2);
    expect(cases.queries).toEqual([{ channel: 'window', order: 'newest', limit: 1 }]);
  });

  it('reports a missing holiday year instead of failing', async () => {
    const cases = fakeCases([acceptedCase('a', '2026-03-02')]);
    const only2025 = BUILT_IN_HOLIDAY_YEARS.filter((year) => year.year === 2025);
    const page = await firstValueFrom(observeCaseList(sourcesWith(cases, only2025), {}, 50));
    expect(page.missingYear?.year).toBe(2026);
    expect(page.rows[0]?.deadline).toBeUndefined();
    const green = await firstValueFrom(observeCaseList(sourcesWith(cases, only2025), { light: 'green' }, 50));
    expect(green.missingYear?.year).toBe(2026);
    expect(green.rows).toEqual([]);
  });
});
