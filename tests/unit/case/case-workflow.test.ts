import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../../src/domain/calendar/built-in-holiday-years';
import type { Case, CaseMaterial } from '../../../src/domain/case/case.schema';
import {
  type Actor,
  acceptIntake,
  applyAction,
  caseNumbersNeeded,
  checkIntake,
  giveNotice,
  intakeRequirements,
  newDraft,
  receivedOn,
  recordReturnVisit,
  tripSummary,
  type WorkflowContext,
} from '../../../src/domain/case/case-workflow';
import type { Catalog } from '../../../src/domain/catalog/catalog.schema';
import type { Validation } from '../../../src/domain/localized-message';
import { tinyCatalog } from '../catalog/tiny-catalog';

const calendar = defaultCalendar();
const clerk: Actor = { id: 'clerk-1', name: '李四', role: 'clerk' };
const approver: Actor = { id: 'approver-1', name: '王五', role: 'approver' };

/** tinyCatalog with a distinct promised time limit per item, so every sub-case has its own clock. */
function catalogWithLimits(): Catalog {
  const catalog = tinyCatalog();
  const promisedDays: Record<string, number> = { 'WJ-1': 2, 'GA-1': 3, 'YB-1': 10, 'WJ-2': 5 };
  return {
    ...catalog,
    items: catalog.items.map((item) => ({
      ...item,
      kind: 'promised',
      promisedDays: promisedDays[item.code] ?? item.promisedDays,
    })),
    bundles: catalog.bundles.map((bundle) => ({ ...bundle, promisedDays: 7 })),
  };
}

const catalog = catalogWithLimits();

/** Shanghai is UTC+8: 02:00Z is 10:00 in the morning at the station. */
function context(date: string, actor: Actor = clerk): WorkflowContext {
  let next = 0;
  return {
    actor,
    stationId: 'GTZX',
    deviceId: 'tablet-1',
    now: `${date}T02:00:00.000Z`,
    calendar,
    catalog,
    newId: () => `${date}-id-${++next}`,
  };
}

const applicant = { name: '张三', idType: 'resident-id' as const, idNumber: '11010519491231002X' };

const mark = (c: Case, materials: readonly CaseMaterial[]): Case => ({ ...c, materials: [...materials] });

const unwrap = <T>(result: Validation<T>): T => {
  if (!result.ok) throw new Error(`Expected success, got: ${result.error.en}`);
  return result.value;
};

/** An accepted 出生登记 (GA-1, 3 working days, at most one trip) with all its materials handed over. */
function acceptedBirthRegistration(date: string): Case {
  const draft = mark(
    {
      ...newDraft({ kind: 'item', code: 'GA-1' }, 'window', context(date)),
      applicant,
      form: { idNumber: '11010519491231002X' },
    },
    [
      { materialId: 'id-card', state: 'brought' },
      { materialId: 'birth-cert', state: 'exempt', exemption: 'data-sharing' },
    ],
  );
  return unwrap(acceptIntake(draft, ['N-1'], context(date))).cases[0]!;
}

describe('newDraft', () => {
  it('starts an item draft at the station with its required materials missing and conditional ones unrecorded', () => {
    const draft = newDraft({ kind: 'item', code: 'GA-1' }, 'window', context('2026-03-02'));
    expect(draft).toMatchObject({
      status: 'draft',
      itemCode: 'GA-1',
      catalogVersion: 3,
      acceptedAtStation: 'GTZX',
      deliveryStation: 'GTZX',
      handlingDepartment: 'gaj',
      form: {},
      trips: [],
    });
    expect(draft.bundleCode).toBeUndefined();
    expect(draft.materials).toEqual([
      { materialId: 'id-card', state: 'missing' },
      { materialId: 'birth-cert', state: 'missing' },
    ]);
  });

  it('starts a 一件事 draft under the bundle code, handled by the lead department', () => {
    const draft = newDraft({ kind: 'bundle', code: 'YJS-1' }, 'window', context('2026-03-02'));
    expect(draft).toMatchObject({ itemCode: 'YJS-1', bundleCode: 'YJS-1', handlingDepartment: 'wjj' });
    expect(draft.materials.map((m) => m.materialId)).toEqual(['id-card', 'birth-cert', 'bills']);
    expect(caseNumbersNeeded(draft, catalog)).toBe(4);
  });

  it('lists the merged form with field labels and the merged materials with their definitions', () => {
    const draft = newDraft({ kind: 'bundle', code: 'YJS-1' }, 'window', context('2026-03-02'));
    const { fields, materials } = intakeRequirements(draft, catalog);
    expect(fields.map((f) => [f.code, f.required, f.type])).toEqual([
      ['applicantName', true, 'text'],
      ['babyName', true, 'text'],
      ['phone', false, 'phone'],
      ['idNumber', true, 'id-number'],
    ]);
    expect(materials.find((m) => m.materialId === 'bills')?.definition.name).toBe('医疗费用票据');
  });
});

describe('checkIntake', () => {
  it('reports bad identity, phone and typed field values and unconfirmed commitments', () => {
    const draft = mark(
      {
        ...newDraft({ kind: 'item', code: 'WJ-2' }, 'window', context('2026-03-02')),
        applicant: { ...applicant, idNumber: '110105194912310021', phone: '12345' },
        form: { idNumber: '123' },
      },
      [{ materialId: 'id-card', state: 'exempt', exemption: 'commitment' }],
    );
    const check = checkIntake(draft, catalog);
    expect(Object.keys(check.applicantErrors).sort()).toEqual(['idNumber', 'phone']);
    expect(Object.keys(check.fieldErrors)).toEqual(['idNumber']);
    expect(check.materialErrors).toHaveLength(1);
    expect(check.materialErrors[0]?.zh).toContain('告知承诺');
    expect(check.canAccept).toBe(false);

    const fixed = mark({ ...draft, applicant, form: { idNumber: '11010519491231002X' } }, [
      {
        materialId: 'id-card',
        state: 'exempt',
        exemption: 'commitment',
        commitmentConfirmedAt: draft.createdAt,
      },
    ]);
    expect(checkIntake(fixed, catalog).canAccept).toBe(true);
  });
});

describe('一次性告知', () => {
  it('lists exactly the materials still missing, including a conditional one that applies', () => {
    const draft = mark(
      { ...newDraft({ kind: 'item', code: 'GA-1' }, 'window', context('2026-03-02')), applicant },
      [
        { materialId: 'id-card', state: 'brought' },
        { materialId: 'birth-cert', state: 'missing' },
        { materialId: 'marriage-cert', state: 'missing' },
      ],
    );
    const notice = unwrap(giveNotice(draft, context('2026-03-02')));
    expect(notice.missing.map((entry) => entry.materialId)).toEqual(['birth-cert', 'marriage-cert']);
    expect(notice.case.noticeGivenOn).toBe('2026-03-02');
    expect(notice.case.trips.map((t) => t.reason)).toEqual(['intake']);
    expect(notice.event).toMatchObject({ type: 'case.notice-given', caseId: draft.id, actorId: 'clerk-1' });
    expect(notice.event.note).toContain('出生医学证明、结婚证');
  });

  it('refuses a second notice: the law wants one notice listing everything', () => {
    const draft = newDraft({ kind: 'item', code: 'GA-1' }, 'window', context('2026-03-02'));
    const first = unwrap(giveNotice(draft, context('2026-03-02')));
    const second = giveNotice(first.case, context('2026-03-03'));
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.error.zh).toContain('只能一次');
  });

  it('counts the return visit as a second trip, a breach of 最多跑一次 for an item promising one trip', () => {
    const draft = newDraft({ kind: 'item', code: 'GA-1' }, 'window', context('2026-03-02'));
    const noticed = unwrap(giveNotice(draft, context('2026-03-02'))).case;
    expect(tripSummary(noticed, catalog)).toEqual({
      trips: 1,
      maxTrips: 1,
      breach: false,
      oneTripAtMost: true,
    });
    const back = unwrap(recordReturnVisit(noticed, context('2026-03-04')));
    expect(back.event.type).toBe('case.return-visit');
    expect(back.case.trips.map((t) => t.reason)).toEqual(['intake', 'supplement']);
    expect(tripSummary(back.case, catalog)).toEqual({
      trips: 2,
      maxTrips: 1,
      breach: true,
      oneTripAtMost: false,
    });
  });

  it('costs no trip when the clerk came to the applicant (上门办)', () => {
    const draft = newDraft({ kind: 'item', code: 'GA-1' }, 'door-to-door', context('2026-03-02'));
    expect(unwrap(giveNotice(draft, context('2026-03-02'))).case.trips).toEqual([]);
  });
});

describe('receivedOn', () => {
  it('is the day the draft was started at the station until the applicant has come to the window', () => {
    // 20:00Z on 1 March is already 04:00 on 2 March in Shanghai.
    const started = { ...context('2026-03-01'), now: '2026-03-01T20:00:00.000Z' };
    const draft = newDraft({ kind: 'item', code: 'GA-1' }, 'window', started);
    expect(receivedOn(draft)).toBe('2026-03-02');
  });

  it('is the day of the intake trip once the applicant came to the window', () => {
    const draft = newDraft({ kind: 'item', code: 'GA-1' }, 'window', context('2026-03-02'));
    const noticed = unwrap(giveNotice(draft, context('2026-03-04'))).case;
    expect(receivedOn(noticed)).toBe('2026-03-04');
  });
});

describe('acceptIntake', () => {
  it('refuses while materials are missing', () => {
    const draft = { ...newDraft({ kind: 'item', code: 'GA-1' }, 'window', context('2026-03-02')), applicant };
    const result = acceptIntake(draft, ['N-1'], context('2026-03-02'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.zh).toContain('居民身份证');
  });

  it('refuses an approver: acceptance is the front desk’s job', () => {
    const draft = acceptedBirthRegistration('2026-03-02');
    const asDraft: Case = { ...draft, status: 'draft' };
    expect(acceptIntake(asDraft, ['N-1'], context('2026-03-02', approver)).ok).toBe(false);
  });

  it('accepts an item with its case number and a due date 3 working days later', () => {
    const accepted = acceptedBirthRegistration('2026-03-02');
    expect(accepted).toMatchObject({
      status: 'accepted',
      caseNo: 'N-1',
      acceptedOn: '2026-03-02',
      dueOn: '2026-03-05',
    });
    expect(accepted.trips.map((t) => t.reason)).toEqual(['intake']);
  });

  it('runs the clock from the day of receipt when no notice was given within five working days (Art. 32)', () => {
    const draft = mark(
      {
        ...newDraft({ kind: 'item', code: 'GA-1' }, 'window', context('2026-03-02')),
        applicant,
        form: { idNumber: '11010519491231002X' },
      },
      [
        { materialId: 'id-card', state: 'brought' },
        { materialId: 'birth-cert', state: 'brought' },
      ],
    );
    // Received Monday 03-02; the notice period ended 03-09; accepted 03-16 without any notice.
    const accepted = unwrap(acceptIntake(draft, ['N-1'], context('2026-03-16'))).cases[0]!;
    expect(accepted.acceptedOn).toBe('2026-03-02');
    expect(accepted.dueOn).toBe('2026-03-05');
  });

  it('turns a 一件事 into a parent and one sub-case per department, each with its own clock', () => {
    const draft = mark(
      {
        ...newDraft({ kind: 'bundle', code: 'YJS-1' }, 'window', context('2026-04-30')),
        applicant,
        form: {
          applicantName: '张三',
          babyName: '张小宝',
          phone: '13800138000',
          idNumber: '11010519491231002X',
        },
      },
      [
        { materialId: 'id-card', state: 'brought' },
        { materialId: 'birth-cert', state: 'exempt', exemption: 'data-sharing' },
        { materialId: 'bills', state: 'brought' },
      ],
    );
    const { cases, events } = unwrap(acceptIntake(draft, ['P', 'S1', 'S2', 'S3'], context('2026-04-30')));
    const [parent, ...subCases] = cases;

    // Accepted Thursday 04-30. 05-01…05-05 are days off; Saturday 05-09 is a make-up working day. Working days:
    // 05-06 (1), 05-07 (2), 05-08 (3), 05-09 (4), 05-11 (5), 05-12 (6), 05-13 (7) … 05-18 (10).
    expect(parent).toMatchObject({ id: draft.id, caseNo: 'P', status: 'accepted', dueOn: '2026-05-13' });
    expect(subCases.map((c) => [c.handlingDepartment, c.itemCode, c.caseNo, c.dueOn])).toEqual([
      ['wjj', 'WJ-1', 'S1', '2026-05-11'], // slowest of WJ-1 (2) and WJ-2 (5)
      ['gaj', 'GA-1', 'S2', '2026-05-08'], // 3
      ['ybj', 'YB-1', 'S3', '2026-05-18'], // 10
    ]);
    for (const sub of subCases) {
      expect(sub).toMatchObject({
        parentCaseId: draft.id,
        bundleCode: 'YJS-1',
        status: 'accepted',
        trips: [],
      });
    }
    const medicalInsurance = subCases[2]!;
    expect(Object.keys(medicalInsurance.form)).toEqual(['phone']);
    expect(medicalInsurance.materials.map((m) => m.materialId)).toEqual(['birth-cert', 'bills']);

    expect(events.map((e) => [e.caseId, e.type, e.fromStatus, e.toStatus])).toEqual(
      cases.map((c) => [c.id, 'case.accepted', 'draft', 'accepted']),
    );
    expect(new Set(cases.map((c) => c.id)).size).toBe(4);
  });
});

describe('applyAction', () => {
  it('moves the due date by the working days the clock stood still for 补正', () => {
    const accepted = acceptedBirthRegistration('2026-03-02'); // due 03-05
    const waiting = unwrap(
      applyAction(accepted, 'request-supplement', { note: '出生医学证明字迹不清' }, context('2026-03-03')),
    );
    expect(waiting.case).toMatchObject({
      status: 'awaiting-supplement',
      clockStops: [{ from: '2026-03-03' }],
    });
    expect(waiting.case.dueOn).toBeUndefined();
    expect(waiting.event).toMatchObject({ type: 'case.supplement-requested', note: '出生医学证明字迹不清' });

    const resumed = unwrap(applyAction(waiting.case, 'receive-supplement', {}, context('2026-03-09')));
    // Stopped 03-03 … 03-06: four working days, so 03-05 moves four working days on, to 03-11.
    expect(resumed.case).toMatchObject({
      status: 'accepted',
      clockStops: [{ from: '2026-03-03', to: '2026-03-09' }],
      dueOn: '2026-03-11',
    });
    expect(resumed.case.trips.map((t) => t.reason)).toEqual(['intake', 'supplement']);
  });

  it('asks for the reason when 补正 is requested', () => {
    const accepted = acceptedBirthRegistration('2026-03-02');
    expect(applyAction(accepted, 'request-supplement', { note: '  ' }, context('2026-03-03')).ok).toBe(false);
  });

  it('does not let a clerk approve; the approver may', () => {
    const accepted = acceptedBirthRegistration('2026-03-02');
    const inReview = unwrap(applyAction(accepted, 'submit-for-review', {}, context('2026-03-02'))).case;
    const byClerk = applyAction(inReview, 'approve', {}, context('2026-03-03'));
    expect(byClerk.ok).toBe(false);
    if (!byClerk.ok) expect(byClerk.error.zh).toContain('窗口人员无权');

    const approved = unwrap(applyAction(inReview, 'approve', {}, context('2026-03-03', approver)));
    expect(approved.case).toMatchObject({ status: 'approved', concludedAt: '2026-03-03T02:00:00.000Z' });
    expect(approved.event).toMatchObject({
      type: 'case.approved',
      fromStatus: 'in-review',
      toStatus: 'approved',
      actorId: 'approver-1',
      actorRole: 'approver',
      deviceId: 'tablet-1',
      stationId: 'GTZX',
      at: '2026-03-03T02:00:00.000Z',
    });
  });

  it('refuses to conclude a promised item on the spot', () => {
    const accepted = acceptedBirthRegistration('2026-03-02');
    expect(applyAction(accepted, 'conclude', {}, context('2026-03-02')).ok).toBe(false);
  });

  it('delivers with a bad rating and opens a follow-up due in 15 working days', () => {
    const accepted = acceptedBirthRegistration('2026-03-02');
    const inReview = unwrap(applyAction(accepted, 'submit-for-review', {}, context('2026-03-02'))).case;
    const approved = unwrap(applyAction(inReview, 'approve', {}, context('2026-03-02', approver))).case;
    const delivered = unwrap(
      applyAction(
        approved,
        'deliver',
        { evaluation: { level: 'dissatisfied', comment: '等待太久' } },
        context('2026-03-02'),
      ),
    );
    // 15 working days after Monday 03-02, with no holidays in March: 03-23.
    expect(delivered.case).toMatchObject({
      status: 'delivered',
      deliveredAt: '2026-03-02T02:00:00.000Z',
      evaluation: { level: 'dissatisfied', comment: '等待太久', followUpDue: '2026-03-23' },
    });
    expect(delivered.case.trips.map((t) => t.reason)).toEqual(['intake', 'delivery']);
    expect(tripSummary(delivered.case, catalog).breach).toBe(true);
  });
});
