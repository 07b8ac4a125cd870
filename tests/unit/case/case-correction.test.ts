import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../../src/domain/calendar/built-in-holiday-years';
import type { Case } from '../../../src/domain/case/case.schema';
import {
  acceptIntake,
  applyAction,
  correctableFields,
  correctDetails,
  DETAILS_CORRECTED_EVENT,
  newDraft,
  type WorkflowContext,
} from '../../../src/domain/case/case-workflow';
import type { Validation } from '../../../src/domain/localized-message';
import { tinyCatalog } from '../catalog/tiny-catalog';

const catalog = tinyCatalog();

function context(date: string): WorkflowContext {
  let next = 0;
  return {
    actor: { id: 'clerk-1', name: '李四', role: 'clerk' },
    stationId: 'GTZX',
    deviceId: 'tablet-1',
    now: `${date}T02:00:00.000Z`,
    calendar: defaultCalendar(),
    catalog,
    newId: () => `${date}-id-${++next}`,
  };
}

const unwrap = <T>(result: Validation<T>): T => {
  if (!result.ok) throw new Error(`Expected success, got: ${result.error.en}`);
  return result.value;
};

const refusal = <T>(result: Validation<T>): string => {
  if (result.ok) throw new Error('Expected a refusal');
  return result.error.zh;
};

/** An accepted 出生医学证明签发 (WJ-1: applicant's name and the newborn's name required, a phone optional). */
function acceptedCase(): Case {
  const draft: Case = {
    ...newDraft({ kind: 'item', code: 'WJ-1' }, 'window', context('2026-03-02')),
    applicant: { name: '张三', idType: 'resident-id', idNumber: '11010519491231002X', phone: '13800138000' },
    form: { applicantName: '张三', babyName: '张小宝' },
    materials: [
      { materialId: 'id-card', state: 'brought' },
      { materialId: 'birth-cert', state: 'brought' },
    ],
  };
  return unwrap(acceptIntake(draft, ['N-1'], context('2026-03-02'))).cases[0]!;
}

describe('更正申请信息 (correcting an accepted case)', () => {
  it('changes the phone and form values given, and records who corrected which fields and why', () => {
    const accepted = acceptedCase();
    const { case: corrected, event } = unwrap(
      correctDetails(
        accepted,
        {
          applicantPhone: '139 0000 0001',
          form: { babyName: '张宝宝', phone: '13700000000' },
          note: '申请人来电',
        },
        context('2026-03-03'),
      ),
    );
    expect(corrected.applicant).toEqual({ ...accepted.applicant, phone: '13900000001' });
    expect(corrected.form).toEqual({ applicantName: '张三', babyName: '张宝宝', phone: '13700000000' });
    expect(corrected).toMatchObject({
      status: 'accepted',
      updatedAt: '2026-03-03T02:00:00.000Z',
      updatedBy: 'clerk-1',
    });
    expect(event).toMatchObject({ type: DETAILS_CORRECTED_EVENT, caseId: accepted.id, actorId: 'clerk-1' });
    expect(event.note).toBe('申请人来电（更正：申请人联系电话、新生儿姓名、联系电话）');
    expect(event.note).not.toContain('13900000001');
  });

  it('leaves fields the correction does not name as they were, and clears an optional one set empty', () => {
    const accepted = acceptedCase();
    const withPhone = unwrap(
      correctDetails(accepted, { form: { phone: '13700000000' }, note: '补录' }, context('2026-03-03')),
    );
    const cleared = unwrap(
      correctDetails(withPhone.case, { form: { phone: ' ' }, note: '号码作废' }, context('2026-03-04')),
    );
    expect(cleared.case.form).toEqual(accepted.form);
    expect(cleared.case.applicant).toEqual(accepted.applicant);
  });

  it('refuses what intake would refuse: a bad phone, an emptied required field, a field of another item', () => {
    const accepted = acceptedCase();
    const at = context('2026-03-03');
    expect(refusal(correctDetails(accepted, { applicantPhone: '12345', note: '更正' }, at))).toContain(
      '手机号码',
    );
    expect(refusal(correctDetails(accepted, { form: { babyName: '' }, note: '更正' }, at))).toContain(
      '新生儿姓名',
    );
    expect(refusal(correctDetails(accepted, { form: { bills: 'x' }, note: '更正' }, at))).toContain(
      '不是本办件',
    );
  });

  it('never corrects an ID number: identity is not a detail', () => {
    const accepted = acceptedCase();
    expect(correctableFields(accepted, catalog).map((field) => field.type)).not.toContain('id-number');
  });

  it('needs a reason and a change, and refuses drafts and concluded cases', () => {
    const accepted = acceptedCase();
    const at = context('2026-03-03');
    expect(refusal(correctDetails(accepted, { form: { babyName: '张宝宝' }, note: ' ' }, at))).toContain(
      '更正原因',
    );
    expect(refusal(correctDetails(accepted, { form: { babyName: '张小宝' }, note: '核对' }, at))).toContain(
      '没有需要更正',
    );
    const draft = newDraft({ kind: 'item', code: 'WJ-1' }, 'window', at);
    expect(refusal(correctDetails(draft, { form: { babyName: 'x' }, note: '更正' }, at))).toContain(
      '受理页面',
    );
    const withdrawn = unwrap(applyAction(accepted, 'withdraw', {}, at)).case;
    expect(refusal(correctDetails(withdrawn, { form: { babyName: 'x' }, note: '更正' }, at))).toContain(
      '已结束',
    );
  });
});
