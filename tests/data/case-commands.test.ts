import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCaseCommands, sessionOfProfile } from '../../src/data/case-commands';
import { type DataLayer, openDataLayer } from '../../src/data/data-layer';
import { CaseNumberingRefusedError, type StaffProfile } from '../../src/data/device.repository';
import type { Case } from '../../src/domain/case/case.schema';
import { parseCaseNumber } from '../../src/domain/case/case-number';
import { type IntakeField, type IntakeTarget, intakeRequirements } from '../../src/domain/case/case-workflow';
import type { Validation } from '../../src/domain/localized-message';
import { testStorage, uniqueDatabaseName } from './test-database';

const clerk: StaffProfile = { staffId: 'clerk-1', name: '李四', role: 'clerk', stationId: 'GTZX' };
const approver: StaffProfile = {
  staffId: 'approver-1',
  name: '王五',
  role: 'approver',
  departmentCode: 'gaj',
};

let layer: DataLayer;

beforeEach(async () => {
  // Only Date is faked: the working-day calendar knows 2025–2026, and events are ordered by their time.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-02T01:00:00.000Z'));
  layer = await openDataLayer({ name: uniqueDatabaseName(), storage: testStorage(), multiInstance: false });
});

afterEach(async () => {
  await layer.db.remove();
  vi.useRealTimers();
});

const unwrap = <T>(result: Validation<T>): T => {
  if (!result.ok) throw new Error(`Expected success, got: ${result.error.en}`);
  return result.value;
};

/** Moves the device clock on by some minutes, as a day at the window does. */
const later = (minutes: number): void => {
  vi.setSystemTime(new Date(Date.now() + minutes * 60_000));
};

const sampleValue = (field: IntakeField): string => {
  switch (field.type) {
    case 'id-number':
      return '11010519491231002X';
    case 'phone':
      return '13800138000';
    case 'date':
      return '2026-02-20';
    case 'number':
      return '3';
    case 'select':
      return field.options?.[0] ?? '';
    default:
      return '示例';
  }
};

async function filledDraft(target: IntakeTarget = { kind: 'item', code: 'GA-001' }): Promise<Case> {
  const draft = unwrap(await layer.commands.startDraft(target, 'window'));
  const catalog = (await layer.catalog.getCatalog(draft.catalogVersion))!;
  const form = Object.fromEntries(
    intakeRequirements(draft, catalog).fields.map((field) => [field.code, sampleValue(field)]),
  );
  return {
    ...draft,
    applicant: { name: '张三', idType: 'resident-id', idNumber: '11010519491231002X', phone: '13800138000' },
    form,
  };
}

describe('case commands', () => {
  it('takes a case from draft through notice, return visit and acceptance to approval and delivery', async () => {
    await layer.device.setProfile(clerk);
    const draft = unwrap(await layer.commands.saveDraft(await filledDraft()));
    expect(await layer.cases.getCase(draft.id)).toMatchObject({ status: 'draft', acceptedAtStation: 'GTZX' });

    later(5);
    const notice = unwrap(await layer.commands.giveNotice(draft.id));
    expect(notice.missing.map((entry) => entry.materialId)).toEqual([
      'birth-medical-certificate',
      'household-register',
      'resident-id-card',
    ]);
    expect((await layer.commands.giveNotice(draft.id)).ok).toBe(false);

    later(60 * 24);
    const noticed = (await layer.cases.getCase(draft.id))!;
    unwrap(
      await layer.commands.saveDraft({
        ...noticed,
        materials: noticed.materials.map((material) => ({ ...material, state: 'brought' })),
      }),
    );
    unwrap(await layer.commands.recordReturnVisit(draft.id));

    later(5);
    const [accepted] = unwrap(await layer.commands.acceptIntake(draft.id)).cases;
    expect(accepted).toMatchObject({ id: draft.id, status: 'accepted', acceptedOn: '2026-03-03' });
    const parts = unwrap(parseCaseNumber(accepted!.caseNo!));
    const { deviceCode } = await layer.device.getIdentity();
    expect(parts).toEqual({
      regionCode: '330921',
      stationId: 'GTZX',
      date: '2026-03-03',
      deviceCode,
      seq: 1,
    });
    expect((await layer.commands.acceptIntake(draft.id)).ok).toBe(false);

    later(5);
    unwrap(await layer.commands.perform(draft.id, 'submit-for-review'));
    later(5);
    expect((await layer.commands.perform(draft.id, 'approve')).ok).toBe(false);
    await layer.device.setProfile(approver);
    later(5);
    unwrap(await layer.commands.perform(draft.id, 'approve'));
    await layer.device.setProfile(clerk);
    later(5);
    const delivered = unwrap(
      await layer.commands.perform(draft.id, 'deliver', { evaluation: { level: 'very-satisfied' } }),
    );
    expect(delivered.case.status).toBe('delivered');

    const stored = (await layer.cases.getCase(draft.id))!;
    expect(stored).toMatchObject({ status: 'delivered', evaluation: { level: 'very-satisfied' } });
    expect(stored.trips.map((trip) => trip.reason)).toEqual(['intake', 'supplement', 'delivery']);
    const events = await firstValueFrom(layer.caseEvents.observeEvents(draft.id));
    expect(events.map((event) => [event.type, event.actorId])).toEqual([
      ['case.notice-given', 'clerk-1'],
      ['case.return-visit', 'clerk-1'],
      ['case.accepted', 'clerk-1'],
      ['case.submitted-for-review', 'clerk-1'],
      ['case.approved', 'approver-1'],
      ['case.delivered', 'clerk-1'],
    ]);
    expect(new Set(events.map((event) => event.deviceId))).toEqual(new Set([stored.deviceId]));
  });

  it('stores an accepted 一件事 with one sub-case per department, each numbered', async () => {
    await layer.device.setProfile(clerk);
    const draft = await filledDraft({ kind: 'bundle', code: 'YJS-001' });
    unwrap(
      await layer.commands.saveDraft({
        ...draft,
        materials: draft.materials.map((material) => ({ ...material, state: 'brought' })),
      }),
    );
    const { cases } = unwrap(await layer.commands.acceptIntake(draft.id));
    const departments = new Set(cases.slice(1).map((c) => c.handlingDepartment));
    expect(departments.size).toBe(cases.length - 1);
    for (const c of cases) {
      const stored = await layer.cases.getCase(c.id);
      expect(stored).toMatchObject({ status: 'accepted', caseNo: c.caseNo });
      expect(stored?.parentCaseId).toBe(c.id === draft.id ? undefined : draft.id);
    }
    const sequences = cases.map((c) => unwrap(parseCaseNumber(c.caseNo!)).seq);
    expect(sequences).toEqual(cases.map((_, index) => index + 1));
  });

  it('stores a correction of an accepted case together with its event, and a refused one not at all', async () => {
    await layer.device.setProfile(clerk);
    const draft = await filledDraft();
    unwrap(
      await layer.commands.saveDraft({
        ...draft,
        materials: draft.materials.map((material) => ({ ...material, state: 'brought' })),
      }),
    );
    unwrap(await layer.commands.acceptIntake(draft.id));
    later(5);
    const refused = await layer.commands.correctDetails(draft.id, {
      applicantPhone: '12345',
      note: '来电更正',
    });
    expect(refused.ok).toBe(false);
    const corrected = unwrap(
      await layer.commands.correctDetails(draft.id, { applicantPhone: '13900000001', note: '来电更正' }),
    );

    expect(await layer.cases.getCase(draft.id)).toEqual(corrected.case);
    expect(corrected.case.applicant.phone).toBe('13900000001');
    const events = await firstValueFrom(layer.caseEvents.observeEvents(draft.id));
    expect(events.map((event) => [event.type, event.note])).toEqual([
      ['case.accepted', undefined],
      ['case.details-corrected', '来电更正（更正：申请人联系电话）'],
    ]);
  });

  /** An accepted case, and commands that store `arrive` (a pulled change) after reading the case, as replication can. */
  async function commandsRacedBy(arrive: (stored: Case) => Partial<Case>) {
    await layer.device.setProfile(clerk);
    const draft = await filledDraft();
    unwrap(
      await layer.commands.saveDraft({
        ...draft,
        materials: draft.materials.map((material) => ({ ...material, state: 'brought' })),
      }),
    );
    unwrap(await layer.commands.acceptIntake(draft.id));
    later(5);
    let pending = true;
    const commands = createCaseCommands(
      {
        ...layer,
        device: {
          ...layer.device,
          getIdentity: async () => {
            if (pending) {
              pending = false;
              const stored = await layer.db.cases.findOne(draft.id).exec();
              await stored!.incrementalPatch({
                ...arrive(stored!.toMutableJSON() as Case),
                updatedAt: new Date().toISOString(),
                updatedBy: approver.staffId,
              });
            }
            return layer.device.getIdentity();
          },
        },
      },
      async () => sessionOfProfile(await layer.device.getProfile()),
    );
    return { id: draft.id, commands };
  }

  it('keeps a change replication stored while a command ran, instead of overwriting it with the stale case', async () => {
    const { id, commands } = await commandsRacedBy((stored) => ({
      status: 'awaiting-supplement',
      applicant: { ...stored.applicant, phone: '13911112222' },
    }));

    const corrected = unwrap(
      await commands.correctDetails(id, { form: { householdAddress: '更正后的值' }, note: '来电更正' }),
    );

    const stored = await layer.cases.getCase(id);
    expect(stored?.form['householdAddress']).toBe('更正后的值');
    expect(stored?.applicant.phone).toBe('13911112222');
    expect(stored?.status).toBe('awaiting-supplement');
    expect(stored?.updatedAt).toBe(corrected.case.updatedAt);
  });

  it('refuses a command whose field someone else changed while it ran, storing neither the change nor its event', async () => {
    const { id, commands } = await commandsRacedBy((stored) => ({
      applicant: { ...stored.applicant, phone: '13911112222' },
    }));

    const refused = await commands.correctDetails(id, { applicantPhone: '13600000000', note: '来电更正' });

    expect(refused.ok).toBe(false);
    expect((await layer.cases.getCase(id))?.applicant.phone).toBe('13911112222');
    const events = await firstValueFrom(layer.caseEvents.observeEvents(id));
    expect(events.map((event) => event.type)).toEqual(['case.accepted']);
  });

  it('refuses every command while nobody is signed in', async () => {
    const result = await layer.commands.startDraft({ kind: 'item', code: 'GA-001' }, 'window');
    expect(result.ok).toBe(false);
    expect(await layer.cases.countCases({})).toBe(0);
  });

  it('refuses every command to a supervisor, who only looks at the figures', async () => {
    await layer.device.setProfile({
      staffId: 'supervisor-1',
      name: '葛六',
      role: 'supervisor',
      stationId: 'DSZW',
    });
    const result = await layer.commands.startDraft({ kind: 'item', code: 'GA-001' }, 'window');
    expect(result.ok).toBe(false);
    expect(await layer.cases.countCases({})).toBe(0);
  });

  it('stores nothing when asked to start an item the catalog does not have', async () => {
    await layer.device.setProfile(clerk);
    const result = await layer.commands.startDraft({ kind: 'item', code: 'NO-SUCH-ITEM' }, 'window');
    expect(result.ok).toBe(false);
    expect(await layer.cases.countCases({})).toBe(0);
  });

  it('stores a new draft at once, before the applicant is named, but never accepts it', async () => {
    await layer.device.setProfile(clerk);
    const draft = unwrap(await layer.commands.startDraft({ kind: 'bundle', code: 'YJS-001' }, 'window'));
    expect(draft).toMatchObject({
      status: 'draft',
      bundleCode: 'YJS-001',
      handlingDepartment: 'wjj',
      applicant: { name: '', idNumber: '' },
    });
    expect(await layer.cases.getCase(draft.id)).toEqual(draft);
    const typed = { ...draft, form: { ...draft.form, childName: '王' } };
    expect((await layer.commands.saveDraft(typed)).ok).toBe(true);
    expect((await layer.cases.getCase(draft.id))?.form).toEqual(typed.form);
    expect((await layer.commands.acceptIntake(draft.id)).ok).toBe(false);
    expect((await layer.cases.getCase(draft.id))?.status).toBe('draft');
  });
});

describe('device repository', () => {
  it('keeps one device identity and the signed-in profile', async () => {
    const first = await layer.device.getIdentity();
    expect(first.deviceCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(await layer.device.getIdentity()).toEqual(first);

    const profiles: (StaffProfile | undefined)[] = [];
    const subscription = layer.device.observeProfile().subscribe((profile) => profiles.push(profile));
    await layer.device.setProfile(clerk);
    await layer.device.clearProfile();
    await vi.waitFor(() => expect(profiles.at(-1)).toBeUndefined());
    subscription.unsubscribe();
    expect(profiles).toContainEqual(clerk);
    expect(await layer.device.getProfile()).toBeUndefined();
  });

  it('never issues the same case number twice, even to concurrent calls', async () => {
    const station = (await layer.stations.getStation('GTZX'))!;
    const batches = await Promise.all([
      layer.device.issueCaseNumbers(3, '2026-03-02', station),
      layer.device.issueCaseNumbers(2, '2026-03-02', station),
      layer.device.issueCaseNumbers(1, '2026-03-02', station),
    ]);
    const numbers = batches.flat();
    expect(new Set(numbers).size).toBe(6);
    const sequences = numbers.map((number) => unwrap(parseCaseNumber(number)).seq).sort((a, b) => a - b);
    expect(sequences).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('refuses to number cases when the device clock went back a day', async () => {
    const station = (await layer.stations.getStation('GTZX'))!;
    await layer.device.issueCaseNumbers(1, '2026-03-03', station);
    await expect(layer.device.issueCaseNumbers(1, '2026-03-02', station)).rejects.toBeInstanceOf(
      CaseNumberingRefusedError,
    );
  });
});
