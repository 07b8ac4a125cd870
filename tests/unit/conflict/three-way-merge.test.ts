import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, type Case, MATERIAL_STATES } from '../../../src/domain/case/case.schema';
import { type PathSegment, valueAt } from '../../../src/domain/conflict/field-path';
import { agreedBase, mergeCase, rebaseCase } from '../../../src/domain/conflict/three-way-merge';

const base = (overrides: Partial<Case> = {}): Case => ({
  id: 'case-1',
  status: 'accepted',
  itemCode: 'RS-003',
  catalogVersion: 1,
  channel: 'window',
  acceptedAtStation: 'QS01',
  handlingDepartment: 'rsj',
  deliveryStation: 'QSZX',
  applicant: { name: '张三', idType: 'resident-id', idNumber: '330921199003070018', phone: '13800000000' },
  form: { address: '衢山镇凉峙村 1 号' },
  materials: [{ materialId: 'resident-id-card', state: 'brought' }],
  trips: [{ id: 'trip-1', at: '2026-03-02T08:00:00.000Z', reason: 'intake' }],
  acceptedOn: '2026-03-02',
  clockStops: [],
  createdAt: '2026-03-02T08:00:00.000Z',
  updatedAt: '2026-03-02T08:00:00.000Z',
  updatedBy: 'clerk-qs01-li',
  deviceId: 'tablet-qs01',
  ...overrides,
});

describe('mergeCase: worked examples', () => {
  it('merges a phone number changed at the village with a review note added at the township', () => {
    const original = base();
    const township = base({
      form: { ...original.form, reviewNote: '材料齐全' },
      updatedAt: '2026-03-03T09:00:00.000Z',
      updatedBy: 'clerk-qszx-chen',
      deviceId: 'tablet-qszx',
    });
    const village = base({
      applicant: { ...original.applicant, phone: '13900000000' },
      updatedAt: '2026-03-03T10:00:00.000Z',
    });

    const { merged, autoMerged, conflicts } = mergeCase(original, township, village);

    expect(conflicts).toEqual([]);
    expect(merged.applicant.phone).toBe('13900000000');
    expect(merged.form).toEqual({ address: '衢山镇凉峙村 1 号', reviewNote: '材料齐全' });
    expect(autoMerged.map((field) => field.path)).toEqual(['applicant.phone']);
    // The later save stamps the merged document; the township's save is named in its own merge record.
    expect([merged.updatedAt, merged.updatedBy, merged.deviceId]).toEqual([
      '2026-03-03T10:00:00.000Z',
      'clerk-qs01-li',
      'tablet-qs01',
    ]);
  });

  it('keeps the master value of a field both sides changed differently and lists the field as a conflict', () => {
    const original = base();
    const ours = base({ applicant: { ...original.applicant, phone: '13911111111' } });
    const theirs = base({ applicant: { ...original.applicant, phone: '13922222222' } });

    const { merged, conflicts } = mergeCase(original, ours, theirs);

    expect(merged.applicant.phone).toBe('13911111111');
    expect(conflicts).toEqual([
      {
        path: 'applicant.phone',
        segments: [{ field: 'applicant' }, { field: 'phone' }],
        base: '13800000000',
        ours: '13911111111',
        theirs: '13922222222',
      },
    ]);
  });

  it('does not merge approved here with withdrawn there', () => {
    const original = base({ status: 'in-review' });
    const { merged, conflicts } = mergeCase(
      original,
      base({ status: 'approved' }),
      base({ status: 'withdrawn' }),
    );
    expect(merged.status).toBe('approved');
    expect(conflicts.map((field) => [field.path, field.ours, field.theirs])).toEqual([
      ['status', 'approved', 'withdrawn'],
    ]);
  });

  it('takes the later of two status moves when one follows the other in the workflow', () => {
    const supplementAfterReview = mergeCase(
      base({ status: 'accepted' }),
      base({ status: 'in-review' }),
      base({ status: 'awaiting-supplement' }),
    );
    expect(supplementAfterReview.merged.status).toBe('awaiting-supplement');
    expect(supplementAfterReview.conflicts).toEqual([]);

    // Theirs moved to in-review, ours then asked for supplementary materials: ours is the later move.
    const oursIsLater = mergeCase(
      base({ status: 'accepted' }),
      base({ status: 'awaiting-supplement' }),
      base({ status: 'in-review' }),
    );
    expect(oursIsLater.merged.status).toBe('awaiting-supplement');
    expect(oursIsLater.autoMerged).toEqual([
      { path: 'status', segments: [{ field: 'status' }], theirs: 'in-review', merged: 'awaiting-supplement' },
    ]);
  });

  it('merges materials by material id, and a material both sides changed property by property', () => {
    const original = base({
      materials: [
        { materialId: 'resident-id-card', state: 'missing' },
        { materialId: 'photo', state: 'missing' },
      ],
    });
    const ours = base({
      materials: [
        { materialId: 'resident-id-card', state: 'brought' },
        { materialId: 'photo', state: 'missing', attachmentIds: ['att-1'] },
      ],
    });
    const theirs = base({
      materials: [
        { materialId: 'photo', state: 'brought' },
        { materialId: 'resident-id-card', state: 'exempt', exemption: 'e-license' },
        { materialId: 'household-register', state: 'brought' },
      ],
    });

    const { merged, conflicts } = mergeCase(original, ours, theirs);

    expect(merged.materials).toEqual([
      { materialId: 'resident-id-card', state: 'brought', exemption: 'e-license' },
      { materialId: 'photo', state: 'brought', attachmentIds: ['att-1'] },
      { materialId: 'household-register', state: 'brought' },
    ]);
    expect(conflicts.map((field) => field.path)).toEqual(['materials[resident-id-card].state']);
  });

  it('merges trips and clock stops as sets and keeps a removal only where the other side left the element alone', () => {
    const original = base({
      trips: [{ id: 'trip-1', at: '2026-03-02T08:00:00.000Z', reason: 'intake' }],
      clockStops: [{ from: '2026-03-03' }],
    });
    const ours = base({
      trips: [
        { id: 'trip-1', at: '2026-03-02T08:00:00.000Z', reason: 'intake' },
        { id: 'trip-2', at: '2026-03-05T08:00:00.000Z', reason: 'supplement' },
      ],
      clockStops: [{ from: '2026-03-03', to: '2026-03-05' }],
    });
    const theirs = base({
      trips: [
        { id: 'trip-1', at: '2026-03-02T08:00:00.000Z', reason: 'intake' },
        { id: 'trip-3', at: '2026-03-06T08:00:00.000Z', reason: 'delivery' },
      ],
      clockStops: [],
    });

    const { merged, conflicts } = mergeCase(original, ours, theirs);

    expect(merged.trips.map((trip) => trip.id)).toEqual(['trip-1', 'trip-2', 'trip-3']);
    expect(merged.clockStops).toEqual([{ from: '2026-03-03', to: '2026-03-05' }]);
    expect(conflicts.map((field) => [field.path, field.theirs])).toEqual([
      ['clockStops[2026-03-03]', undefined],
    ]);
  });

  it('keeps the master conflict mark whatever the pushed side says', () => {
    const original = base();
    const ours = base({ openConflictIds: ['c-1'] });
    const theirs = base({ form: { address: '新地址' }, updatedAt: '2026-03-04T08:00:00.000Z' });
    expect(mergeCase(original, ours, theirs).merged.openConflictIds).toEqual(['c-1']);
  });
});

/* Properties over small value domains, so both sides often touch the same fields and list elements. */

const TIMES = ['2026-03-02T08:00:00.000Z', '2026-03-03T08:00:00.000Z', '2026-03-04T08:00:00.000Z'];
const pickOne = <T>(values: readonly T[]) => fc.constantFrom(...values);
const keyedSubset = <T>(keys: readonly string[], element: (key: string) => fc.Arbitrary<T>) =>
  fc.subarray([...keys]).chain((chosen) => fc.tuple(...chosen.map(element)));

const caseArbitrary: fc.Arbitrary<Case> = fc
  .record({
    status: pickOne(CASE_STATUSES),
    phone: fc.option(pickOne(['1', '2', '3']), { nil: undefined }),
    name: pickOne(['张三', '张叁']),
    form: fc.dictionary(pickOne(['address', 'remark', 'email']), pickOne(['x', 'y', 'z'])),
    materials: keyedSubset(['m1', 'm2', 'm3'], (materialId) =>
      fc.record({
        materialId: fc.constant(materialId),
        state: pickOne(MATERIAL_STATES),
        attachmentIds: fc.option(pickOne([['a1'], ['a1', 'a2']]), { nil: undefined }),
      }),
    ),
    trips: keyedSubset(['t1', 't2'], (id) =>
      fc.record({
        id: fc.constant(id),
        at: pickOne(TIMES),
        reason: pickOne(['intake', 'delivery'] as const),
      }),
    ),
    clockStops: keyedSubset(['2026-03-03', '2026-03-10'], (from) =>
      fc.record({
        from: fc.constant(from),
        to: fc.option(pickOne(['2026-03-05', '2026-03-12']), { nil: undefined }),
      }),
    ),
    dueOn: fc.option(pickOne(['2026-03-20', '2026-03-27']), { nil: undefined }),
    updatedAt: pickOne(TIMES),
    updatedBy: pickOne(['clerk-a', 'clerk-b']),
  })
  .map(({ phone, name, materials, trips, clockStops, dueOn, ...rest }) =>
    stripUndefined(
      base({
        ...rest,
        applicant: {
          name,
          idType: 'resident-id',
          idNumber: '330921199003070018',
          ...(phone ? { phone } : {}),
        },
        materials: [...materials],
        trips: [...trips],
        clockStops: [...clockStops],
        ...(dueOn ? { dueOn } : {}),
      }),
    ),
  );

function stripUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A side that keeps some of base's top-level fields and takes the rest from another case. */
const sideOf = (original: Case) =>
  fc.tuple(caseArbitrary, fc.func(fc.boolean())).map(([other, keepsBase]) => {
    const fields = new Set([...Object.keys(original), ...Object.keys(other)]);
    const side: Record<string, unknown> = {};
    for (const field of fields) {
      const value = keepsBase(field)
        ? (original as Record<string, unknown>)[field]
        : (other as Record<string, unknown>)[field];
      if (value !== undefined) side[field] = value;
    }
    return side as unknown as Case;
  });

const triple = caseArbitrary.chain((original) =>
  fc.tuple(fc.constant(original), sideOf(original), sideOf(original)),
);

const KEYS: Record<string, string> = { materials: 'materialId', trips: 'id', clockStops: 'from' };
const RECORDS = new Set(['applicant', 'agent', 'evaluation', 'form']);
const BOOKKEEPING = new Set(['updatedAt', 'updatedBy', 'deviceId', 'openConflictIds']);

/** Every leaf value of a case at the granularity the merge works at. */
function leaves(document: Case): { segments: PathSegment[]; value: unknown }[] {
  const found: { segments: PathSegment[]; value: unknown }[] = [];
  for (const [field, value] of Object.entries(document)) {
    if (BOOKKEEPING.has(field)) continue;
    const keyField = KEYS[field];
    if (keyField !== undefined && Array.isArray(value)) {
      for (const element of value as Record<string, unknown>[]) {
        for (const [property, propertyValue] of Object.entries(element)) {
          found.push({
            segments: [{ field }, { item: String(element[keyField]), keyField }, { field: property }],
            value: propertyValue,
          });
        }
      }
    } else if (RECORDS.has(field)) {
      for (const [sub, subValue] of Object.entries(value as Record<string, unknown>)) {
        found.push({ segments: [{ field }, { field: sub }], value: subValue });
      }
    } else {
      found.push({ segments: [{ field }], value });
    }
  }
  return found;
}

const isPrefix = (prefix: readonly PathSegment[], path: readonly PathSegment[]) =>
  prefix.length <= path.length &&
  prefix.every((segment, index) => JSON.stringify(segment) === JSON.stringify(path[index]));

const withoutBookkeeping = (document: Case) =>
  Object.fromEntries(Object.entries(document).filter(([field]) => !BOOKKEEPING.has(field)));

describe('agreedBase: merging without the common base', () => {
  it('keeps both sides of what a device re-sent as new after its first push arrived unanswered', () => {
    // The master is the device's first push plus a township note; the device has since changed the phone number.
    const first = base();
    const master = base({ form: { ...first.form, reviewNote: '材料齐全' }, updatedBy: 'clerk-qszx-chen' });
    const resent = base({
      applicant: { ...first.applicant, phone: '13900000000' },
      form: { ...first.form, remark: '已电话联系' },
      updatedAt: '2026-03-03T10:00:00.000Z',
    });

    const agreed = agreedBase(master, resent);
    expect(agreed.applicant).toEqual({ name: '张三', idType: 'resident-id', idNumber: '330921199003070018' });
    expect(agreed.form).toEqual({ address: '衢山镇凉峙村 1 号' });

    const { merged, conflicts } = mergeCase(agreed as Case, master, resent);
    expect(merged.form).toEqual({
      address: '衢山镇凉峙村 1 号',
      reviewNote: '材料齐全',
      remark: '已电话联系',
    });
    expect(merged.applicant.phone).toBe('13800000000');
    expect(conflicts).toEqual([
      expect.objectContaining({ path: 'applicant.phone', base: undefined, theirs: '13900000000' }),
    ]);
  });

  it('loses no value of either side: each is in the merged case, listed as a conflict, or a status moved past', () => {
    fc.assert(
      fc.property(triple, ([, ours, theirs]) => {
        const { merged, autoMerged, conflicts } = mergeCase(agreedBase(ours, theirs) as Case, ours, theirs);
        const found = (side: 'ours' | 'theirs', segments: PathSegment[], value: unknown) =>
          JSON.stringify(valueAt(merged, segments)) === JSON.stringify(value) ||
          conflicts.some(
            (field) =>
              isPrefix(field.segments, segments) &&
              JSON.stringify(valueAt(field[side], segments.slice(field.segments.length))) ===
                JSON.stringify(value),
          ) ||
          autoMerged.some((field) => field.path === 'status' && isPrefix(field.segments, segments));
        for (const { segments, value } of leaves(theirs)) expect(found('theirs', segments, value)).toBe(true);
        for (const { segments, value } of leaves(ours)) expect(found('ours', segments, value)).toBe(true);
      }),
    );
  });
});

describe('mergeCase: properties', () => {
  it('is deterministic', () => {
    fc.assert(
      fc.property(triple, ([original, ours, theirs]) => {
        const first = mergeCase(original, ours, theirs);
        const second = mergeCase(structuredClone(original), structuredClone(ours), structuredClone(theirs));
        expect(second).toEqual(first);
      }),
    );
  });

  it('returns the master unchanged when the pushed side changed nothing', () => {
    fc.assert(
      fc.property(triple, ([original, ours]) => {
        expect(mergeCase(original, ours, structuredClone(original))).toEqual({
          merged: ours,
          autoMerged: [],
          conflicts: [],
        });
      }),
    );
  });

  it('takes every change of the pushed side when the master has not moved', () => {
    fc.assert(
      fc.property(triple, ([original, , theirs]) => {
        const { merged, conflicts } = mergeCase(original, structuredClone(original), theirs);
        expect(conflicts).toEqual([]);
        expect(withoutBookkeeping(merged)).toEqual(withoutBookkeeping(theirs));
      }),
    );
  });

  it('loses no value of the pushed side: each is merged, listed as a conflict, or a status moved past', () => {
    fc.assert(
      fc.property(triple, ([original, ours, theirs]) => {
        const { merged, autoMerged, conflicts } = mergeCase(original, ours, theirs);
        for (const { segments, value } of leaves(theirs)) {
          if (JSON.stringify(valueAt(original, segments)) === JSON.stringify(value)) continue;
          const inMerged = JSON.stringify(valueAt(merged, segments)) === JSON.stringify(value);
          const inConflict = conflicts.some(
            (field) =>
              isPrefix(field.segments, segments) &&
              JSON.stringify(valueAt(field.theirs, segments.slice(field.segments.length))) ===
                JSON.stringify(value),
          );
          const overtaken = autoMerged.some(
            (field) =>
              isPrefix(field.segments, segments) && JSON.stringify(field.theirs) === JSON.stringify(value),
          );
          expect(inMerged || inConflict || overtaken).toBe(true);
        }
        for (const field of conflicts) {
          expect(JSON.stringify(valueAt(merged, field.segments))).toBe(JSON.stringify(field.ours));
        }
      }),
    );
  });
});

describe('rebaseCase: a command replayed onto a change that arrived while it ran', () => {
  const read = base();
  const pulled = base({
    applicant: { ...read.applicant, phone: '13911112222' },
    updatedAt: '2026-03-03T09:00:00.000Z',
    updatedBy: 'approver-rsj-liu',
    deviceId: 'tablet-rsj',
  });
  const corrected = base({
    form: { address: '衢山镇凉峙村 2 号' },
    updatedAt: '2026-03-03T09:00:05.000Z',
    updatedBy: 'clerk-qs01-li',
  });

  it("keeps the pulled change and the command's own, stamped by the command", () => {
    expect(rebaseCase(read, pulled, corrected)).toEqual({
      rebased: {
        ...pulled,
        form: corrected.form,
        updatedAt: corrected.updatedAt,
        updatedBy: 'clerk-qs01-li',
        deviceId: 'tablet-qs01',
      },
      conflicts: [],
    });
  });

  it('lists a field both changed, and a status both moved, for the command to be refused', () => {
    const submitted = base({ status: 'in-review', applicant: { ...read.applicant, phone: '13600000000' } });
    const requested = base({ status: 'awaiting-supplement', applicant: pulled.applicant });
    const { rebased, conflicts } = rebaseCase(read, requested, {
      ...submitted,
      updatedAt: '2026-03-03T10:00:00.000Z',
    });
    expect(conflicts.map((field) => field.path).sort()).toEqual(['applicant.phone', 'status']);
    expect(rebased.applicant.phone).toBe('13600000000');
    expect(rebased.status).toBe('in-review');
  });

  it('keeps the conflict marks as the server last wrote them', () => {
    const marked = base({ openConflictIds: ['conflict-1'] });
    expect(rebaseCase(read, marked, corrected).rebased.openConflictIds).toEqual(['conflict-1']);
    expect(
      rebaseCase(marked, read, { ...corrected, openConflictIds: ['conflict-1'] }).rebased,
    ).not.toHaveProperty('openConflictIds');
  });

  it('is the command itself when nothing arrived meanwhile', () => {
    expect(rebaseCase(read, read, corrected)).toEqual({ rebased: corrected, conflicts: [] });
  });
});
