import { canonicalJson } from '../../domain/canonical-json';
import { STATUS_LABELS } from '../../domain/case/case-state-machine';
import { checkFieldValue } from '../../domain/case/case-workflow';
import { EVALUATION_LABELS } from '../../domain/case/evaluation';
import type { Catalog, FormField } from '../../domain/catalog/catalog.schema';
import { EXEMPTION_LABELS } from '../../domain/catalog/catalog-labels';
import { formatPath, type PathSegment } from '../../domain/conflict/field-path';
import type { ConflictingField } from '../../domain/conflict/three-way-merge';
import { validateMobile } from '../../domain/identity/phone';
import { maskIdNumber } from '../../domain/identity/resident-id';
import type { LocalizedMessage } from '../../domain/localized-message';
import { formatInstant } from '../components/case-text';
import type { MessageKey, MessageParams } from '../i18n/messages';

/** One field of a disputed case as the administrator compares it: the common base and the two versions. */
export interface ConflictRow {
  readonly path: string;
  readonly segments: readonly PathSegment[];
  readonly base: unknown;
  readonly ours: unknown;
  readonly theirs: unknown;
}

export interface ConflictRows {
  /** Changed differently on both sides: the administrator decides each of these. */
  readonly conflicting: readonly ConflictRow[];
  /** Changed on one side only: the server already merged these, they are shown for context. */
  readonly merged: readonly ConflictRow[];
}

type JsonRecord = Readonly<Record<string, unknown>>;

/** Lists keyed as the server's merge keys them (three-way-merge.ts), so a row names the element, not its index. */
const LIST_KEYS: Readonly<Record<string, string>> = {
  materials: 'materialId',
  trips: 'id',
  clockStops: 'from',
};

/** Who saved last and the server's conflict mark: bookkeeping, not something anyone decides. */
const BOOKKEEPING: ReadonlySet<string> = new Set(['updatedAt', 'updatedBy', 'deviceId', 'openConflictIds']);

const isRecord = (value: unknown): value is JsonRecord =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const same = (a: unknown, b: unknown): boolean => a === b || canonicalJson(a) === canonicalJson(b);

interface Leaf {
  readonly segments: readonly PathSegment[];
  readonly value: unknown;
}

function keyedElements(list: readonly unknown[], keyField: string): Map<string, JsonRecord> | undefined {
  const elements = new Map<string, JsonRecord>();
  for (const element of list) {
    const key = isRecord(element) ? element[keyField] : undefined;
    if (typeof key !== 'string' || elements.has(key)) return undefined;
    elements.set(key, element as JsonRecord);
  }
  return elements;
}

/** The document's values down to single fields (`form.phone`, `materials[id-card].state`). */
function leavesOf(document: JsonRecord): Map<string, Leaf> {
  const leaves = new Map<string, Leaf>();
  const visit = (segments: readonly PathSegment[], value: unknown): void => {
    if (isRecord(value) && segments.length > 0) {
      for (const [key, child] of Object.entries(value)) visit([...segments, { field: key }], child);
      return;
    }
    const first = segments[0];
    const keyField =
      segments.length === 1 && first !== undefined && 'field' in first ? LIST_KEYS[first.field] : undefined;
    const elements =
      keyField !== undefined && Array.isArray(value) ? keyedElements(value, keyField) : undefined;
    if (keyField !== undefined && elements !== undefined) {
      for (const [key, element] of elements) visit([...segments, { item: key, keyField }], element);
      return;
    }
    leaves.set(formatPath(segments), { segments, value });
  };
  for (const [key, value] of Object.entries(document)) {
    if (BOOKKEEPING.has(key) || (key.startsWith('_') && key !== '_deleted')) continue;
    visit([{ field: key }], value);
  }
  return leaves;
}

/** The segments of a path as formatPath wrote it (`form.phone`, `materials[id-card].state`). */
export function segmentsOfPath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  for (const match of path.matchAll(/\[([^\]]*)\]|([^.[\]]+)/g)) {
    const [, item, field] = match;
    if (field !== undefined) {
      segments.push({ field });
    } else {
      const top = segments[0];
      segments.push({
        item: item ?? '',
        keyField: (top && 'field' in top ? LIST_KEYS[top.field] : '') ?? '',
      });
    }
  }
  return segments;
}

const within = (path: string, outer: string): boolean =>
  path === outer || path.startsWith(`${outer}.`) || path.startsWith(`${outer}[`);

/**
 * Every field in which the two versions or the base differ, the conflicting ones (as the server listed them)
 * apart from those one side changed alone.
 */
export function conflictRows(conflict: {
  readonly base: JsonRecord;
  readonly ours: JsonRecord;
  readonly theirs: JsonRecord;
  readonly fields: readonly ConflictingField[];
}): ConflictRows {
  const conflicting = conflict.fields.map(({ path, segments, base, ours, theirs }) => ({
    path,
    segments,
    base,
    ours,
    theirs,
  }));
  const [base, ours, theirs] = [conflict.base, conflict.ours, conflict.theirs].map(leavesOf) as [
    Map<string, Leaf>,
    Map<string, Leaf>,
    Map<string, Leaf>,
  ];
  const paths = [...new Set([...ours.keys(), ...theirs.keys(), ...base.keys()])];
  const merged = paths
    .filter((path) => !conflicting.some((row) => within(path, row.path)))
    .map((path) => {
      const segments = (ours.get(path) ?? theirs.get(path) ?? base.get(path))?.segments ?? [];
      return {
        path,
        segments,
        base: base.get(path)?.value,
        ours: ours.get(path)?.value,
        theirs: theirs.get(path)?.value,
      };
    })
    .filter((row) => !(same(row.base, row.ours) && same(row.base, row.theirs)));
  return { conflicting, merged };
}

export interface ConflictText {
  t(key: MessageKey, params?: MessageParams): string;
  localized(message: LocalizedMessage): string;
}

/** What the labels draw on: the catalog version of the case (when the device has it) and station names. */
export interface ConflictLookups {
  readonly catalog: Catalog | undefined;
  stationName(id: string): string;
}

const TOP_LEVEL_LABELS: Readonly<Record<string, MessageKey>> = {
  status: 'admin.field.status',
  caseNo: 'cases.column.caseNo',
  channel: 'case.channel',
  acceptedAtStation: 'case.station',
  deliveryStation: 'case.deliveryStation',
  handlingDepartment: 'case.department',
  acceptedOn: 'case.acceptedOn',
  dueOn: 'case.dueOn',
  noticeGivenOn: 'admin.field.noticeGivenOn',
  concludedAt: 'admin.field.concludedAt',
  deliveredAt: 'admin.field.deliveredAt',
  applicant: 'case.applicant',
  agent: 'case.agent',
  form: 'case.form',
  materials: 'case.materials',
  trips: 'case.trips',
  clockStops: 'case.clockStops',
  evaluation: 'case.evaluation',
  _deleted: 'admin.field.deleted',
};

const PERSON_LABELS: Readonly<Record<string, MessageKey>> = {
  name: 'case.name',
  idType: 'admin.field.idType',
  idNumber: 'case.idNumber',
  phone: 'case.phone',
};

const MATERIAL_LABELS: Readonly<Record<string, MessageKey>> = {
  state: 'admin.field.materialState',
  exemption: 'admin.field.exemption',
  attachmentIds: 'case.material.photos',
  commitmentConfirmedAt: 'admin.field.commitment',
};

const EVALUATION_FIELD_LABELS: Readonly<Record<string, MessageKey>> = {
  level: 'admin.field.evaluationLevel',
  comment: 'case.evaluationComment',
  followUpDue: 'admin.field.followUpDue',
  followUpNote: 'admin.field.followUpNote',
  followUpClosedAt: 'admin.field.followUpClosedAt',
};

const fieldName = (segment: PathSegment | undefined): string | undefined =>
  segment !== undefined && 'field' in segment ? segment.field : undefined;

function formFieldOf(segments: readonly PathSegment[], lookups: ConflictLookups): FormField | undefined {
  const code = fieldName(segments[1]);
  if (fieldName(segments[0]) !== 'form' || code === undefined) return undefined;
  return lookups.catalog?.fields.find((field) => field.code === code);
}

/** A readable name of a field: 申请表单 · 联系电话, 申请材料 · 居民身份证 · 状态. */
export function fieldLabel(
  segments: readonly PathSegment[],
  text: ConflictText,
  lookups: ConflictLookups,
): string {
  const top = fieldName(segments[0]) ?? '';
  const topKey = TOP_LEVEL_LABELS[top];
  const parts = [topKey === undefined ? top : text.t(topKey)];
  const rest = segments.slice(1);
  rest.forEach((segment, index) => {
    if ('item' in segment) {
      const material = lookups.catalog?.materials.find((candidate) => candidate.id === segment.item);
      parts.push(
        material === undefined ? segment.item : text.localized({ zh: material.name, en: material.nameEn }),
      );
      return;
    }
    const labels =
      top === 'applicant' || top === 'agent'
        ? PERSON_LABELS
        : top === 'materials'
          ? MATERIAL_LABELS
          : top === 'evaluation'
            ? EVALUATION_FIELD_LABELS
            : {};
    const formField = top === 'form' && index === 0 ? formFieldOf(segments, lookups) : undefined;
    const key = labels[segment.field];
    parts.push(
      formField !== undefined
        ? text.localized({ zh: formField.label, en: formField.labelEn })
        : key === undefined
          ? segment.field
          : text.t(key),
    );
  });
  return parts.join(' · ');
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

const isIdNumber = (segments: readonly PathSegment[], lookups: ConflictLookups): boolean =>
  (['applicant', 'agent'].includes(fieldName(segments[0]) ?? '') && fieldName(segments[1]) === 'idNumber') ||
  formFieldOf(segments, lookups)?.type === 'id-number';

/**
 * A value as the administrator reads it: statuses, stations and material states by name, ID numbers masked as
 * everywhere else in the app, instants on the clock in China.
 */
export function formatValue(
  segments: readonly PathSegment[],
  value: unknown,
  text: ConflictText,
  lookups: ConflictLookups,
): string {
  if (value === undefined || value === null || value === '') return text.t('admin.value.empty');
  const top = fieldName(segments[0]);
  const last = fieldName(segments[segments.length - 1]);
  if (typeof value === 'string') {
    if (segments.length === 1 && top === 'status' && value in STATUS_LABELS) {
      return text.localized(STATUS_LABELS[value as keyof typeof STATUS_LABELS]);
    }
    if (segments.length === 1 && (top === 'deliveryStation' || top === 'acceptedAtStation')) {
      return lookups.stationName(value);
    }
    if (segments.length === 1 && top === 'channel' && (value === 'window' || value === 'door-to-door')) {
      return text.t(`channel.${value}`);
    }
    if (top === 'materials' && last === 'state' && ['brought', 'exempt', 'missing'].includes(value)) {
      return text.t(`case.material.state.${value as 'brought' | 'exempt' | 'missing'}`);
    }
    if (top === 'materials' && last === 'exemption' && value in EXEMPTION_LABELS) {
      return text.localized(EXEMPTION_LABELS[value as keyof typeof EXEMPTION_LABELS]);
    }
    if (top === 'evaluation' && last === 'level' && value in EVALUATION_LABELS) {
      return text.localized(EVALUATION_LABELS[value as keyof typeof EVALUATION_LABELS]);
    }
    if (isIdNumber(segments, lookups)) return maskIdNumber(value);
    return ISO_DATE_TIME.test(value) ? formatInstant(value) : value;
  }
  if (typeof value === 'boolean') return text.t(value ? 'admin.value.yes' : 'admin.value.no');
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value) && value.every((element) => typeof element === 'string')) {
    return value.length === 0 ? text.t('admin.value.empty') : value.join(text.t('list.separator'));
  }
  return JSON.stringify(value);
}

/** How a typed value is entered; fields without one are decided by choosing a side. */
export type ValueInput =
  | { readonly kind: 'text' | 'tel' | 'date' | 'number' }
  | { readonly kind: 'select'; readonly options: readonly string[] };

/**
 * Whether the administrator may type a value of their own for a conflicting field: the applicant's and agent's
 * name and phone, and the form's fields. Statuses, stations and lists only have the two versions to choose from.
 */
export function valueInputOf(
  segments: readonly PathSegment[],
  lookups: ConflictLookups,
): ValueInput | undefined {
  const top = fieldName(segments[0]);
  if ((top === 'applicant' || top === 'agent') && segments.length === 2) {
    const field = fieldName(segments[1]);
    if (field === 'phone') return { kind: 'tel' };
    if (field === 'name') return { kind: 'text' };
    return undefined;
  }
  if (top !== 'form' || segments.length !== 2) return undefined;
  const field = formFieldOf(segments, lookups);
  if (field?.type === 'select' && field.options !== undefined)
    return { kind: 'select', options: field.options };
  if (field?.type === 'phone') return { kind: 'tel' };
  if (field?.type === 'date') return { kind: 'date' };
  if (field?.type === 'number') return { kind: 'number' };
  return { kind: 'text' };
}

/** What is wrong with a typed value, checked as intake checks it; undefined when it may be stored. */
export function checkTypedValue(
  segments: readonly PathSegment[],
  value: string,
  lookups: ConflictLookups,
): LocalizedMessage | undefined {
  const trimmed = value.trim();
  const top = fieldName(segments[0]);
  const formField = formFieldOf(segments, lookups);
  if (trimmed === '') {
    return { zh: '请输入要采用的值', en: 'Please enter the value to keep' };
  }
  if ((top === 'applicant' || top === 'agent') && fieldName(segments[1]) === 'phone') {
    const phone = validateMobile(trimmed);
    return phone.ok ? undefined : phone.error;
  }
  return formField === undefined ? undefined : checkFieldValue(formField, trimmed);
}
