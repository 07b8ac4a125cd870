import { describe, expect, it } from 'vitest';
import { caseListCsv } from '../../../src/domain/reports/case-list-export';
import { catalogLookup } from '../../../src/domain/reports/station-report';
import { tinyCatalog } from '../catalog/tiny-catalog';
import { aCase, at } from './report-cases';

const scope = { stationId: 'GTZX', period: { from: '2026-03-01', to: '2026-03-31' } };
const catalogs = catalogLookup([tinyCatalog()]);

describe('case list export', () => {
  const cases = [
    aCase({
      id: 'b',
      caseNo: 'GTZX-0002',
      acceptedOn: '2026-03-05',
      applicant: { name: '=李四', idType: 'resident-id', idNumber: '11010519491231002X' },
      deliveredAt: at('2026-03-06'),
      evaluation: { level: 'satisfied', at: at('2026-03-06') },
    }),
    aCase({
      id: 'a',
      caseNo: 'GTZX-0001',
      acceptedOn: '2026-03-02',
      channel: 'door-to-door',
      status: 'accepted',
    }),
    aCase({ id: 'sub', caseNo: 'GTZX-0003', parentCaseId: 'a', acceptedOn: '2026-03-02' }),
    aCase({ id: 'feb', caseNo: 'GTZX-0000', acceptedOn: '2026-02-27' }),
    aCase({ id: 'other', caseNo: 'QS01-0001', acceptedAtStation: 'QS01', deliveryStation: 'QS01' }),
  ];

  it('lists the period’s cases oldest first with masked ID numbers, in Chinese', () => {
    const lines = caseListCsv(cases, catalogs, scope, 'zh')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines[0]).toBe(
      '办件编号,事项,承办部门,渠道,状态,申请人,证件号码,受理日期,承诺办结日期,办结日期,出件日期,跑动次数,评价',
    );
    expect(lines[1]).toBe(
      'GTZX-0001,出生登记,公安局,上门办理,已受理,王小明,1101**********002X,2026-03-02,,,,0,',
    );
    // The name starting with = is defused; 18 − 8 = 10 masked digits.
    expect(lines[2]).toBe(
      "GTZX-0002,出生登记,公安局,窗口办理,已出件,'=李四,1101**********002X,2026-03-05,,,2026-03-06,0,满意",
    );
    // Header + 2 cases + the empty string after the last CRLF: no sub-case, no February, no other station.
    expect(lines).toHaveLength(4);
    expect(lines.join('\n')).not.toContain('11010519491231002X');
  });
});
