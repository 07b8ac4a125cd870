import { describe, expect, it } from 'vitest';
import type { Case } from '../../../src/domain/case/case.schema';
import { formatPath } from '../../../src/domain/conflict/field-path';
import { mergeCase } from '../../../src/domain/conflict/three-way-merge';
import { localize, translate } from '../../../src/ui/i18n/messages';
import {
  type ConflictLookups,
  checkTypedValue,
  conflictRows,
  fieldLabel,
  formatValue,
  segmentsOfPath,
  valueInputOf,
} from '../../../src/ui/pages/conflict-fields';
import { tinyCatalog } from '../catalog/tiny-catalog';

const zhText = {
  t: (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) =>
    translate('zh-CN', key, params),
  localized: (message: { zh: string; en: string }) => localize('zh-CN', message),
};

const lookups: ConflictLookups = {
  catalog: tinyCatalog(),
  stationName: (id) => ({ GTZX: '高亭镇便民服务中心', QS01: '衢山镇沙塘社区便民服务站' })[id] ?? id,
};

const base: Case = {
  id: 'case-1',
  status: 'accepted',
  itemCode: 'WJ-1',
  catalogVersion: 3,
  channel: 'window',
  acceptedAtStation: 'GTZX',
  handlingDepartment: 'wjj',
  deliveryStation: 'QS01',
  applicant: { name: '张三', idType: 'resident-id', idNumber: '11010519491231002X', phone: '13800138000' },
  form: { applicantName: '张三', babyName: '张小宝', phone: '13800138000' },
  materials: [
    { materialId: 'id-card', state: 'brought' },
    { materialId: 'birth-cert', state: 'missing' },
  ],
  trips: [],
  clockStops: [],
  createdAt: '2026-03-02T02:00:00.000Z',
  updatedAt: '2026-03-02T02:00:00.000Z',
  updatedBy: 'clerk-1',
  deviceId: 'tablet-1',
};

/** Station A corrected the newborn's name and the phone; station B the birth certificate and the phone too. */
const ours: Case = {
  ...base,
  form: { ...base.form, babyName: '张宝宝', phone: '13900000001' },
  updatedAt: '2026-03-03T02:00:00.000Z',
  updatedBy: 'clerk-a',
  deviceId: 'tablet-a',
};
const theirs: Case = {
  ...base,
  form: { ...base.form, phone: '13900000002' },
  materials: [
    { materialId: 'id-card', state: 'brought' },
    { materialId: 'birth-cert', state: 'brought' },
  ],
  updatedAt: '2026-03-03T03:00:00.000Z',
  updatedBy: 'clerk-b',
  deviceId: 'tablet-b',
};

const json = (document: Case) => document as unknown as Record<string, unknown>;

describe('the conflict view', () => {
  it('lists the fields to decide as the merge raised them and, apart, what one side changed alone', () => {
    const { conflicts } = mergeCase(base, ours, theirs);
    const rows = conflictRows({
      base: json(base),
      ours: json(ours),
      theirs: json(theirs),
      fields: conflicts,
    });
    expect(rows.conflicting.map((row) => [row.path, row.base, row.ours, row.theirs])).toEqual([
      ['form.phone', '13800138000', '13900000001', '13900000002'],
    ]);
    // Bookkeeping (who saved last) is no decision, and unchanged fields are not listed.
    expect(rows.merged.map((row) => [row.path, row.base, row.ours, row.theirs])).toEqual([
      ['form.babyName', '张小宝', '张宝宝', '张小宝'],
      ['materials[birth-cert].state', 'missing', 'missing', 'brought'],
    ]);
  });

  it('names fields as the case page does, with the catalog labels of the form and the materials', () => {
    const label = (path: string) => fieldLabel(segmentsOfPath(path), zhText, lookups);
    expect(label('form.phone')).toBe('申请表单 · 联系电话');
    expect(label('applicant.phone')).toBe('申请人 · 联系电话');
    expect(label('materials[birth-cert].state')).toBe('申请材料 · 出生医学证明 · 收取情况');
    expect(label('status')).toBe('办件状态');
    expect(label('somethingNew')).toBe('somethingNew');
  });

  it('reads paths back as the merge wrote them', () => {
    for (const path of ['form.phone', 'materials[birth-cert].state', 'trips[t-1]', 'status']) {
      expect(formatPath(segmentsOfPath(path))).toBe(path);
    }
    expect(segmentsOfPath('materials[birth-cert].state')[1]).toEqual({
      item: 'birth-cert',
      keyField: 'materialId',
    });
  });

  it('shows values by name, masks ID numbers and marks a missing value', () => {
    const show = (path: string, value: unknown) => formatValue(segmentsOfPath(path), value, zhText, lookups);
    expect(show('status', 'withdrawn')).toBe('已撤回');
    expect(show('deliveryStation', 'QS01')).toBe('衢山镇沙塘社区便民服务站');
    expect(show('materials[birth-cert].state', 'brought')).toBe('已收取');
    expect(show('applicant.idNumber', '11010519491231002X')).toBe('1101**********002X');
    expect(show('form.idNumber', '11010519491231002X')).toBe('1101**********002X');
    expect(show('form.phone', undefined)).toBe('（空）');
    expect(show('concludedAt', '2026-03-03T02:00:00.000Z')).toBe('2026-03-03 10:00');
  });

  it('lets the administrator type a value only where one can be checked, and checks it as intake does', () => {
    expect(valueInputOf(segmentsOfPath('form.phone'), lookups)).toEqual({ kind: 'tel' });
    expect(valueInputOf(segmentsOfPath('applicant.name'), lookups)).toEqual({ kind: 'text' });
    expect(valueInputOf(segmentsOfPath('status'), lookups)).toBeUndefined();
    expect(valueInputOf(segmentsOfPath('materials[id-card].state'), lookups)).toBeUndefined();
    expect(checkTypedValue(segmentsOfPath('form.phone'), '12345', lookups)?.zh).toContain('手机号码');
    expect(checkTypedValue(segmentsOfPath('applicant.phone'), '13900000003', lookups)).toBeUndefined();
    expect(checkTypedValue(segmentsOfPath('form.babyName'), '  ', lookups)?.zh).toContain('请输入');
  });
});
