import { dueDate } from '../calendar/clock';
import { type IsoDate, isIsoDate, todayInShanghai } from '../calendar/iso-date';
import type { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { mergeBundle } from '../catalog/bundle-merge';
import type {
  Catalog,
  FieldRequirement,
  FormField,
  MaterialDefinition,
  MaterialRequirement,
  ServiceItem,
} from '../catalog/catalog.schema';
import { type NoticeEntry, type ProvidedMaterials, resolveMaterials } from '../catalog/material-resolution';
import { validateIdentityDocument } from '../identity/identity-document';
import { validateMobile } from '../identity/phone';
import { invalid, type LocalizedMessage, type Validation, valid } from '../localized-message';
import type { CaseHandlingRole } from '../organisation/organisation.schema';
import type {
  Case,
  CaseEvent,
  CaseMaterial,
  CaseStatus,
  Channel,
  EvaluationLevel,
  Person,
  Trip,
} from './case.schema';
import {
  type CaseAction,
  type CaseTransition,
  checkTransition,
  type ItemKind,
  isTerminal,
  STATUS_LABELS,
  transitionFor,
} from './case-state-machine';
import { closeFollowUp, rateCase } from './evaluation';
import { isDeemedAccepted } from './legal-clocks';

/**
 * What happens to a case (办件) at the window and in the back office, as pure functions: each takes the current
 * case and a context and returns the next case together with the event that records the change. Persisting both is
 * the data layer's job (case-commands.ts).
 */

export interface Actor {
  readonly id: string;
  readonly name: string;
  readonly role: CaseHandlingRole;
}

export interface WorkflowContext {
  readonly actor: Actor;
  readonly stationId: string;
  readonly deviceId: string;
  /** ISO date-time (UTC, with Z); today is the date in China at this instant. */
  readonly now: string;
  readonly calendar: WorkingDayCalendar;
  /** The catalog version the case was (or is being) accepted under. */
  readonly catalog: Catalog;
  readonly newId: () => string;
}

export type IntakeTarget =
  | { readonly kind: 'item'; readonly code: string }
  | { readonly kind: 'bundle'; readonly code: string };

export type IntakeField = FieldRequirement &
  FormField & {
    /** The items that ask for the field; for a single item just that item. */
    readonly itemCodes: readonly string[];
  };

export type IntakeMaterial = MaterialRequirement & {
  readonly definition: MaterialDefinition;
  readonly itemCodes: readonly string[];
};

export interface IntakeRequirements {
  readonly fields: readonly IntakeField[];
  readonly materials: readonly IntakeMaterial[];
}

type PersonField = 'name' | 'idNumber' | 'phone';

export interface IntakeCheck {
  readonly applicantErrors: Partial<Record<PersonField, LocalizedMessage>>;
  readonly agentErrors: Partial<Record<PersonField, LocalizedMessage>>;
  /** By form field code. */
  readonly fieldErrors: Readonly<Record<string, LocalizedMessage>>;
  /** What the 一次性告知单 lists: every material the applicant still has to bring. */
  readonly missing: readonly NoticeEntry[];
  /** Exemptions that cannot be granted, materials foreign to the item, commitments not confirmed. */
  readonly materialErrors: readonly LocalizedMessage[];
  readonly canAccept: boolean;
}

export interface CaseChange {
  readonly case: Case;
  readonly event: CaseEvent;
}

export interface NoticeGiven extends CaseChange {
  readonly missing: readonly NoticeEntry[];
}

export interface AcceptedIntake {
  /** The accepted case first; for a 一件事 then one sub-case per department, in the bundle's order. */
  readonly cases: readonly Case[];
  /** One 'case.accepted' event per case, in the same order. */
  readonly events: readonly CaseEvent[];
}

export interface ActionInput {
  readonly note?: string;
  /** 好差评, given when the result is handed out. */
  readonly evaluation?: { readonly level: EvaluationLevel; readonly comment?: string };
}

export interface TripSummary {
  readonly trips: number;
  readonly maxTrips: number;
  /** The applicant travelled more often than the item promises (跑动次数). */
  readonly breach: boolean;
  /** 最多跑一次 */
  readonly oneTripAtMost: boolean;
}

/** What a case is for: one item, a whole 一件事 (the parent case) or one department's part of it (a sub-case). */
interface CaseScope {
  readonly items: readonly ServiceItem[];
  readonly fields: readonly (FieldRequirement & { readonly itemCodes: readonly string[] })[];
  readonly materials: readonly (MaterialRequirement & { readonly itemCodes: readonly string[] })[];
  readonly promisedDays: number;
  readonly maxTrips: number;
  readonly itemKind: ItemKind;
}

const todayOf = (ctx: Pick<WorkflowContext, 'now'>): IsoDate => todayInShanghai(new Date(ctx.now));

function findItem(catalog: Catalog, code: string): ServiceItem {
  const item = catalog.items.find((candidate) => candidate.code === code);
  if (!item) throw new Error(`Catalog version ${catalog.version} has no item ${code}`);
  return item;
}

function scopeOfItems(items: readonly ServiceItem[]): Omit<CaseScope, 'promisedDays' | 'maxTrips'> {
  return {
    items,
    fields: items.flatMap((item) => item.fields.map((field) => ({ ...field, itemCodes: [item.code] }))),
    materials: items.flatMap((item) =>
      item.materials.map((material) => ({ ...material, itemCodes: [item.code] })),
    ),
    itemKind: items.every((item) => item.kind === 'instant') ? 'instant' : 'promised',
  };
}

/**
 * A bundle's parent case carries `bundleCode` and, since `itemCode` is required, the bundle code as its item code
 * too. Its sub-cases carry `bundleCode`, `parentCaseId` and their department's first item as `itemCode`; the
 * department's other items of the bundle follow from the bundle and `handlingDepartment`.
 */
function scopeOf(c: Case, catalog: Catalog): CaseScope {
  if (c.bundleCode === undefined) {
    const item = findItem(catalog, c.itemCode);
    return { ...scopeOfItems([item]), promisedDays: item.promisedDays, maxTrips: item.maxTrips };
  }
  const merged = mergeBundle(catalog, c.bundleCode);
  if (c.parentCaseId === undefined) {
    return {
      items: merged.items,
      fields: merged.fields,
      materials: merged.materials,
      promisedDays: merged.promisedDays,
      maxTrips: merged.maxTrips,
      itemKind: merged.items.every((item) => item.kind === 'instant') ? 'instant' : 'promised',
    };
  }
  const slice = merged.subCases.find((candidate) => candidate.departmentCode === c.handlingDepartment);
  if (!slice) throw new Error(`Bundle ${c.bundleCode} has no part for department ${c.handlingDepartment}`);
  const items = slice.itemCodes.map((code) => findItem(catalog, code));
  return {
    items,
    fields: slice.fields,
    materials: slice.materials,
    promisedDays: slowest(items),
    maxTrips: Math.max(...items.map((item) => item.maxTrips)),
    itemKind: items.every((item) => item.kind === 'instant') ? 'instant' : 'promised',
  };
}

const slowest = (items: readonly ServiceItem[]): number =>
  Math.max(...items.map((item) => item.promisedDays));

/** The items a case covers: its item, all items of its 一件事, or its department's items of the 一件事. */
export const itemsOfCase = (c: Case, catalog: Catalog): readonly ServiceItem[] => scopeOf(c, catalog).items;

/** The promised time limit (承诺时限) in working days that the case's clock runs against. */
export const promisedDaysOf = (c: Case, catalog: Catalog): number => scopeOf(c, catalog).promisedDays;

const EMPTY_PERSON: Person = { name: '', idType: 'resident-id', idNumber: '' };

export function newDraft(target: IntakeTarget, channel: Channel, ctx: WorkflowContext): Case {
  const { catalog } = ctx;
  const draftShell = (itemCode: string, handlingDepartment: string): Case => ({
    id: ctx.newId(),
    status: 'draft',
    itemCode,
    catalogVersion: catalog.version,
    channel,
    acceptedAtStation: ctx.stationId,
    handlingDepartment,
    deliveryStation: ctx.stationId,
    applicant: EMPTY_PERSON,
    form: {},
    materials: [],
    trips: [],
    clockStops: [],
    createdAt: ctx.now,
    updatedAt: ctx.now,
    updatedBy: ctx.actor.id,
    deviceId: ctx.deviceId,
  });
  const draft =
    target.kind === 'item'
      ? draftShell(target.code, findItem(catalog, target.code).departmentCode)
      : {
          ...draftShell(target.code, mergeBundle(catalog, target.code).bundle.leadDepartmentCode),
          bundleCode: target.code,
        };
  return { ...draft, materials: initialMaterials(scopeOf(draft, catalog).materials) };
}

/**
 * Required materials start as missing until the clerk marks them. Conditional ones start unrecorded, which means
 * "does not apply" (see resolveMaterials); the clerk records them once their condition applies.
 */
const initialMaterials = (requirements: readonly MaterialRequirement[]): CaseMaterial[] =>
  requirements
    .filter((requirement) => requirement.required)
    .map((requirement) => ({ materialId: requirement.materialId, state: 'missing' }));

/** What the intake form and the material checklist show, with the catalog's labels and definitions. */
export function intakeRequirements(draft: Case, catalog: Catalog): IntakeRequirements {
  const scope = scopeOf(draft, catalog);
  const fieldDefinitions = new Map(catalog.fields.map((field) => [field.code, field]));
  const materialDefinitions = new Map(catalog.materials.map((material) => [material.id, material]));
  return {
    fields: scope.fields.map((requirement) => {
      const definition = fieldDefinitions.get(requirement.code);
      if (!definition) throw new Error(`Catalog version ${catalog.version} has no field ${requirement.code}`);
      return { ...definition, required: requirement.required, itemCodes: requirement.itemCodes };
    }),
    materials: scope.materials.map((requirement) => {
      const definition = materialDefinitions.get(requirement.materialId);
      if (!definition) {
        throw new Error(`Catalog version ${catalog.version} has no material ${requirement.materialId}`);
      }
      return { ...requirement, definition };
    }),
  };
}

function checkPerson(person: Person, role: LocalizedMessage): Partial<Record<PersonField, LocalizedMessage>> {
  const errors: Partial<Record<PersonField, LocalizedMessage>> = {};
  if (person.name.trim() === '') {
    errors.name = { zh: `请填写${role.zh}姓名`, en: `Please enter the ${role.en}'s name` };
  }
  const identity = validateIdentityDocument(person.idType, person.idNumber);
  if (!identity.ok) errors.idNumber = identity.error;
  if (person.phone !== undefined && person.phone.trim() !== '') {
    const phone = validateMobile(person.phone);
    if (!phone.ok) errors.phone = phone.error;
  }
  return errors;
}

/** Whether a non-empty value fits the field's type, as intake checks it; the message says what is wrong. */
export function checkFieldValue(field: FormField, value: string): LocalizedMessage | undefined {
  switch (field.type) {
    case 'id-number': {
      const identity = validateIdentityDocument('resident-id', value);
      return identity.ok ? undefined : identity.error;
    }
    case 'phone': {
      const phone = validateMobile(value);
      return phone.ok ? undefined : phone.error;
    }
    case 'date':
      return isIsoDate(value)
        ? undefined
        : { zh: `「${field.label}」应为有效日期`, en: `"${field.labelEn}" must be a valid date` };
    case 'number':
      return value.trim() !== '' && Number.isFinite(Number(value))
        ? undefined
        : { zh: `「${field.label}」应为数字`, en: `"${field.labelEn}" must be a number` };
    case 'select':
      return field.options === undefined || field.options.includes(value)
        ? undefined
        : { zh: `「${field.label}」请从选项中选择`, en: `"${field.labelEn}" must be one of its options` };
    default:
      return undefined;
  }
}

function checkFields(draft: Case, fields: readonly IntakeField[]): Record<string, LocalizedMessage> {
  const errors: Record<string, LocalizedMessage> = {};
  for (const field of fields) {
    const value = draft.form[field.code]?.trim() ?? '';
    if (value === '') {
      if (field.required) {
        errors[field.code] = { zh: `请填写「${field.label}」`, en: `Please fill in "${field.labelEn}"` };
      }
      continue;
    }
    const error = checkFieldValue(field, value);
    if (error) errors[field.code] = error;
  }
  return errors;
}

const providedMaterials = (materials: readonly CaseMaterial[]): ProvidedMaterials =>
  Object.fromEntries(materials.map((material) => [material.materialId, material]));

function unconfirmedCommitments(draft: Case, requirements: IntakeRequirements): LocalizedMessage[] {
  const names = new Map(requirements.materials.map((material) => [material.materialId, material.definition]));
  return draft.materials
    .filter(
      (material) =>
        material.state === 'exempt' &&
        material.exemption === 'commitment' &&
        material.commitmentConfirmedAt === undefined,
    )
    .map((material) => {
      const definition = names.get(material.materialId);
      const name = {
        zh: definition?.name ?? material.materialId,
        en: definition?.nameEn ?? material.materialId,
      };
      return {
        zh: `材料「${name.zh}」以告知承诺免交，须申请人确认书面承诺`,
        en: `Material "${name.en}" is replaced by a written commitment, which the applicant must confirm`,
      };
    });
}

/** Everything that stands between a draft and its acceptance, grouped the way the intake screen shows it. */
export function checkIntake(draft: Case, catalog: Catalog): IntakeCheck {
  const requirements = intakeRequirements(draft, catalog);
  const applicantErrors = checkPerson(draft.applicant, { zh: '申请人', en: 'applicant' });
  const agentErrors = draft.agent ? checkPerson(draft.agent, { zh: '代办人', en: 'agent' }) : {};
  const fieldErrors = checkFields(draft, requirements.fields);
  const resolution = resolveMaterials(catalog, requirements, providedMaterials(draft.materials));
  const materialErrors = [...resolution.errors, ...unconfirmedCommitments(draft, requirements)];
  const canAccept =
    Object.keys(applicantErrors).length === 0 &&
    Object.keys(agentErrors).length === 0 &&
    Object.keys(fieldErrors).length === 0 &&
    resolution.missing.length === 0 &&
    materialErrors.length === 0;
  return {
    applicantErrors,
    agentErrors,
    fieldErrors,
    missing: resolution.missing,
    materialErrors,
    canAccept,
  };
}

function eventFor(
  c: Case,
  ctx: WorkflowContext,
  type: string,
  change: { fromStatus?: CaseStatus; toStatus?: CaseStatus; note?: string } = {},
): CaseEvent {
  return {
    id: ctx.newId(),
    caseId: c.id,
    type,
    ...(change.fromStatus === undefined ? {} : { fromStatus: change.fromStatus }),
    ...(change.toStatus === undefined ? {} : { toStatus: change.toStatus }),
    at: ctx.now,
    actorId: ctx.actor.id,
    actorName: ctx.actor.name,
    actorRole: ctx.actor.role,
    deviceId: ctx.deviceId,
    stationId: ctx.stationId,
    ...(change.note === undefined || change.note === '' ? {} : { note: change.note }),
  };
}

const touched = (c: Case, ctx: WorkflowContext): Case => ({
  ...c,
  updatedAt: ctx.now,
  updatedBy: ctx.actor.id,
  deviceId: ctx.deviceId,
});

const trip = (ctx: WorkflowContext, reason: Trip['reason']): Trip => ({
  id: ctx.newId(),
  at: ctx.now,
  reason,
});

/**
 * The applicant's first trip to the window. A door-to-door case (上门办) costs the applicant no trip: the clerk came.
 */
const withIntakeTrip = (c: Case, ctx: WorkflowContext): Case =>
  c.channel === 'window' && c.trips.length === 0 ? { ...c, trips: [trip(ctx, 'intake')] } : c;

const notADraft = <T>(c: Case): Validation<T> =>
  invalid(
    `办件已是「${STATUS_LABELS[c.status].zh}」状态，不再是草稿`,
    `The case is already "${STATUS_LABELS[c.status].en}", no longer a draft`,
  );

/** A short form of the notice for the case history; the printed 一次性告知单 lists form and copies too. */
const noticeNote = (missing: readonly NoticeEntry[]): string =>
  `一次性告知需补齐：${missing.map((entry) => entry.name).join('、')}`.slice(0, 2000);

/**
 * 一次性告知: tells the applicant, once and in writing, every material still missing. The law wants one notice
 * that lists everything, so a second notice is refused; later gaps go through 补正 after acceptance.
 */
export function giveNotice(draft: Case, ctx: WorkflowContext): Validation<NoticeGiven> {
  if (draft.status !== 'draft') return notADraft(draft);
  if (draft.noticeGivenOn !== undefined) {
    return invalid(
      `已于 ${draft.noticeGivenOn} 出具一次性告知单，告知只能一次，不能再次告知`,
      `The one-time notice was already given on ${draft.noticeGivenOn}; it cannot be given twice`,
    );
  }
  const { missing } = checkIntake(draft, ctx.catalog);
  if (missing.length === 0) {
    return invalid('材料已齐全，无需一次性告知', 'No materials are missing, so no notice is needed');
  }
  const next = touched(withIntakeTrip({ ...draft, noticeGivenOn: todayOf(ctx) }, ctx), ctx);
  return valid({
    case: next,
    event: eventFor(next, ctx, 'case.notice-given', { note: noticeNote(missing) }),
    missing,
  });
}

/** The applicant came back with the materials the notice listed: a second trip. */
export function recordReturnVisit(draft: Case, ctx: WorkflowContext): Validation<CaseChange> {
  if (draft.status !== 'draft') return notADraft(draft);
  if (draft.noticeGivenOn === undefined) {
    return invalid(
      '尚未出具一次性告知单，不能登记补齐材料的来访',
      'No one-time notice was given, so there is no return visit to record',
    );
  }
  const next = touched({ ...draft, trips: [...draft.trips, trip(ctx, 'supplement')] }, ctx);
  return valid({ case: next, event: eventFor(next, ctx, 'case.return-visit') });
}

/** Case numbers an acceptance uses: one per case it creates. */
export function caseNumbersNeeded(draft: Case, catalog: Catalog): number {
  return draft.bundleCode === undefined ? 1 : 1 + mergeBundle(catalog, draft.bundleCode).subCases.length;
}

function firstIntakeProblem(check: IntakeCheck): LocalizedMessage | undefined {
  return (
    Object.values(check.applicantErrors)[0] ??
    Object.values(check.agentErrors)[0] ??
    Object.values(check.fieldErrors)[0] ??
    check.materialErrors[0]
  );
}

/**
 * Whether the actor may accept the draft now. Checked before case numbers are issued, so a refusal never uses one.
 */
export function checkAcceptance(draft: Case, ctx: WorkflowContext): Validation<CaseTransition> {
  if (draft.status !== 'draft') return notADraft(draft);
  if (draft.catalogVersion !== ctx.catalog.version) {
    throw new Error(`Draft ${draft.id} needs catalog ${draft.catalogVersion}, got ${ctx.catalog.version}`);
  }
  const transition = checkTransition(draft.status, 'accepted', ctx.actor.role);
  if (!transition.ok) return transition;
  const check = checkIntake(draft, ctx.catalog);
  if (check.missing.length > 0) {
    return invalid(
      `材料不齐，不能受理：还缺 ${check.missing.map((entry) => entry.name).join('、')}`,
      `Materials are missing, so the case cannot be accepted: ${check.missing.map((entry) => entry.nameEn).join(', ')}`,
    );
  }
  const problem = firstIntakeProblem(check);
  if (problem) return { ok: false, error: problem };
  return valid(transitionFor('accept'));
}

/**
 * The day the application was received (收件日期): the day of the applicant's intake trip to the window, otherwise
 * (上门办, or no trip recorded yet) the day the draft was started. The five working days for the one-time notice run
 * from it.
 */
export function receivedOn(c: Case): IsoDate {
  const receivedAt = c.trips.find((candidate) => candidate.reason === 'intake')?.at ?? c.createdAt;
  return todayInShanghai(new Date(receivedAt));
}

/**
 * The day the time limit runs from. 《行政许可法》第三十二条: without a one-time notice within five working days of
 * receipt, the application counts as accepted on the day it was received.
 */
function acceptanceDate(draft: Case, today: IsoDate, calendar: WorkingDayCalendar): IsoDate {
  const received = receivedOn(draft);
  return isDeemedAccepted(received, draft.noticeGivenOn, today, calendar) ? received : today;
}

const withDueOn = (c: Case, due: IsoDate | undefined): Case => {
  const { dueOn: _previous, ...rest } = c;
  return due === undefined ? rest : { ...rest, dueOn: due };
};

const pick = <V>(record: Readonly<Record<string, V>>, keys: readonly string[]): Record<string, V> =>
  Object.fromEntries(Object.entries(record).filter(([key]) => keys.includes(key)));

/**
 * 受理. An item becomes one case. A 一件事 becomes the parent case, held to the bundle's promised days, and one
 * sub-case per department with its own case number and its own clock, set by its slowest item; each sub-case gets
 * the department's slice of the form and the material list.
 */
export function acceptIntake(
  draft: Case,
  caseNumbers: readonly string[],
  ctx: WorkflowContext,
): Validation<AcceptedIntake> {
  const allowed = checkAcceptance(draft, ctx);
  if (!allowed.ok) return allowed;
  const needed = caseNumbersNeeded(draft, ctx.catalog);
  if (caseNumbers.length !== needed) {
    throw new RangeError(
      `Accepting case ${draft.id} needs ${needed} case numbers, got ${caseNumbers.length}`,
    );
  }
  const { calendar, catalog } = ctx;
  const acceptedOn = acceptanceDate(draft, todayOf(ctx), calendar);
  const acceptedEvent = (c: Case, note?: string) =>
    eventFor(c, ctx, allowed.value.eventType, {
      fromStatus: 'draft',
      toStatus: 'accepted',
      ...(note === undefined ? {} : { note }),
    });

  const parent = touched(
    withDueOn(
      withIntakeTrip(
        { ...draft, caseNo: caseNumbers[0], status: 'accepted', acceptedOn, clockStops: [] },
        ctx,
      ),
      dueDate(acceptedOn, promisedDaysOf(draft, catalog), [], calendar),
    ),
    ctx,
  );
  if (draft.bundleCode === undefined) return valid({ cases: [parent], events: [acceptedEvent(parent)] });

  const merged = mergeBundle(catalog, draft.bundleCode);
  const subCases = merged.subCases.map((slice, index): Case => {
    const materialIds = slice.materials.map((material) => material.materialId);
    const items = slice.itemCodes.map((code) => findItem(catalog, code));
    const { noticeGivenOn: _notice, ...fromParent } = parent;
    return withDueOn(
      {
        ...fromParent,
        id: ctx.newId(),
        caseNo: caseNumbers[index + 1],
        parentCaseId: parent.id,
        itemCode: slice.itemCodes[0] ?? merged.bundle.code,
        handlingDepartment: slice.departmentCode,
        form: pick(
          draft.form,
          slice.fields.map((field) => field.code),
        ),
        materials: draft.materials.filter((material) => materialIds.includes(material.materialId)),
        // The applicant's trips belong to the 一件事 as a whole and are counted on the parent.
        trips: [],
        createdAt: ctx.now,
      },
      dueDate(acceptedOn, slowest(items), [], calendar),
    );
  });
  const bundleNote = `一件事「${merged.bundle.name}」${parent.caseNo ?? ''} 的部门子件`;
  return valid({
    cases: [parent, ...subCases],
    events: [acceptedEvent(parent), ...subCases.map((sub) => acceptedEvent(sub, bundleNote))],
  });
}

function checkAction(c: Case, transition: CaseTransition, ctx: WorkflowContext, itemKind: ItemKind) {
  if (transition.action === 'accept') {
    return invalid<void>('受理请使用受理流程', 'Accept a case through the intake acceptance');
  }
  if (!transition.from.includes(c.status)) {
    return invalid<void>(
      `「${STATUS_LABELS[c.status].zh}」的办件不能「${transition.label.zh}」`,
      `A case that is "${STATUS_LABELS[c.status].en}" cannot be "${transition.label.en}"`,
    );
  }
  const allowed = checkTransition(c.status, transition.to, ctx.actor.role, { itemKind });
  return allowed.ok ? valid(undefined) : allowed;
}

function withClockStops(c: Case, clockStops: Case['clockStops'], ctx: WorkflowContext): Case {
  if (c.acceptedOn === undefined) throw new Error(`Case ${c.id} has a clock but no acceptance date`);
  return withDueOn(
    { ...c, clockStops },
    dueDate(c.acceptedOn, promisedDaysOf(c, ctx.catalog), clockStops, ctx.calendar),
  );
}

/** The effect of a transition on the case beyond its status. */
function applyEffects(c: Case, action: CaseAction, ctx: WorkflowContext): Case {
  const today = todayOf(ctx);
  switch (action) {
    case 'request-supplement':
      // 补正 stops the clock from today until the materials arrive.
      return withClockStops(c, [...c.clockStops, { from: today }], ctx);
    case 'receive-supplement':
      return {
        ...withClockStops(
          c,
          c.clockStops.map((stop) => (stop.to === undefined ? { ...stop, to: today } : stop)),
          ctx,
        ),
        trips: [...c.trips, trip(ctx, 'supplement')],
      };
    case 'approve':
    case 'reject':
    case 'conclude':
      return { ...c, concludedAt: ctx.now };
    case 'deliver':
      return { ...c, deliveredAt: ctx.now, trips: [...c.trips, trip(ctx, 'delivery')] };
    default:
      return c;
  }
}

/**
 * Performs one step of 前台综合受理、后台分类审批、统一窗口出件 on an accepted (or draft) case: checks the role and
 * the item kind, asks for a note where the state machine wants a reason, runs the clock for 补正 and records the
 * 好差评 given at delivery.
 */
export function applyAction(
  c: Case,
  action: CaseAction,
  input: ActionInput,
  ctx: WorkflowContext,
): Validation<CaseChange> {
  const transition = transitionFor(action);
  const scope = scopeOf(c, ctx.catalog);
  const allowed = checkAction(c, transition, ctx, scope.itemKind);
  if (!allowed.ok) return allowed;
  const note = input.note?.trim() ?? '';
  if (transition.requiresNote && note === '') {
    return invalid(`「${transition.label.zh}」须填写原因`, `"${transition.label.en}" needs a reason`);
  }
  if (input.evaluation !== undefined && action !== 'deliver') {
    return invalid('只能在出件时评价', 'A rating can only be given when the result is delivered');
  }
  let next = touched(applyEffects({ ...c, status: transition.to }, action, ctx), ctx);
  if (input.evaluation !== undefined) {
    const rated = rateCase(next, input.evaluation.level, input.evaluation.comment ?? '', ctx.now, (date, n) =>
      ctx.calendar.addWorkingDays(date, n),
    );
    if (!rated.ok) return rated;
    next = rated.value;
  }
  return valid({
    case: next,
    event: eventFor(next, ctx, transition.eventType, { fromStatus: c.status, toStatus: transition.to, note }),
  });
}

/** 跑动次数 against the item's (or 一件事's) promise; 最多跑一次 is the goal for nearly every item. */
export function tripSummary(c: Case, catalog: Catalog): TripSummary {
  const trips = c.trips.length;
  const { maxTrips } = scopeOf(c, catalog);
  return { trips, maxTrips, breach: trips > maxTrips, oneTripAtMost: trips <= 1 };
}

/** 差评回访: closes the follow-up a bad rating opened, recording what was done in the case history. */
export function closeRatingFollowUp(c: Case, note: string, ctx: WorkflowContext): Validation<CaseChange> {
  const closed = closeFollowUp(c, note, ctx.now);
  if (!closed.ok) return closed;
  const next = touched(closed.value, ctx);
  return valid({ case: next, event: eventFor(next, ctx, 'case.follow-up-closed', { note: note.trim() }) });
}

/** A correction of an accepted case's details; absent keys stay as they are, an empty value clears the detail. */
export interface DetailsCorrection {
  readonly applicantPhone?: string;
  /** Form values by field code. */
  readonly form?: Readonly<Record<string, string>>;
  /** Why the details changed (e.g. the applicant called with a new number); it goes on the case's timeline. */
  readonly note: string;
}

export const DETAILS_CORRECTED_EVENT = 'case.details-corrected';

/**
 * The form fields a correction may change. An ID number identifies the applicant: getting it wrong means a new
 * application, not a correction.
 */
export function correctableFields(c: Case, catalog: Catalog): readonly IntakeField[] {
  return intakeRequirements(c, catalog).fields.filter((field) => field.type !== 'id-number');
}

/**
 * 更正申请信息: after acceptance a clerk or approver corrects the applicant's phone or a form value (a typo, a
 * new address) with a reason. Each value is checked as at intake; the event names the corrected fields, not their
 * values. A draft is edited on the intake screen, and a concluded case (refused, delivered, withdrawn) stays as it
 * was decided.
 */
export function correctDetails(
  c: Case,
  correction: DetailsCorrection,
  ctx: WorkflowContext,
): Validation<CaseChange> {
  if (c.status === 'draft') {
    return invalid('草稿请在受理页面修改', 'A draft is edited on the intake screen');
  }
  if (isTerminal(c.status)) {
    return invalid(
      `「${STATUS_LABELS[c.status].zh}」的办件已结束，不能再更正`,
      `A case that is "${STATUS_LABELS[c.status].en}" is closed and cannot be corrected`,
    );
  }
  const note = correction.note.trim();
  if (note === '') return invalid('请填写更正原因', 'Please give the reason for the correction');

  const changed: string[] = [];
  let applicant = c.applicant;
  if (correction.applicantPhone !== undefined) {
    const phone = correction.applicantPhone.trim();
    if (phone !== (c.applicant.phone ?? '')) {
      if (phone === '') {
        const { phone: _cleared, ...rest } = c.applicant;
        applicant = rest;
      } else {
        const checked = validateMobile(phone);
        if (!checked.ok) return checked;
        applicant = { ...c.applicant, phone: checked.value };
      }
      if (applicant.phone !== c.applicant.phone) changed.push('申请人联系电话');
    }
  }

  const fields = new Map(correctableFields(c, ctx.catalog).map((field) => [field.code, field]));
  const form: Record<string, string> = { ...c.form };
  for (const [code, raw] of Object.entries(correction.form ?? {})) {
    const field = fields.get(code);
    if (field === undefined) {
      return invalid(`「${code}」不是本办件可更正的字段`, `"${code}" is not a field of this case to correct`);
    }
    const value = raw.trim();
    if (value === (c.form[code] ?? '').trim()) continue;
    if (value === '') {
      if (field.required) {
        return invalid(
          `「${field.label}」为必填项，不能清空`,
          `"${field.labelEn}" is required and cannot be cleared`,
        );
      }
      delete form[code];
    } else {
      const error = checkFieldValue(field, value);
      if (error !== undefined) return { ok: false, error };
      form[code] = value;
    }
    changed.push(field.label);
  }
  if (changed.length === 0) return invalid('没有需要更正的内容', 'Nothing was changed');

  const next = touched({ ...c, applicant, form }, ctx);
  return valid({
    case: next,
    event: eventFor(next, ctx, DETAILS_CORRECTED_EVENT, {
      note: `${note}（更正：${changed.join('、')}）`.slice(0, 2000),
    }),
  });
}
