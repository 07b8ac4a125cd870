import type { FromSchema } from 'json-schema-to-ts';
import { EXEMPTION_KINDS } from '../catalog/catalog.schema';

/** Case (办件) statuses; the allowed moves between them live in case-state-machine.ts. */
export const CASE_STATUSES = [
  'draft',
  'accepted', // 受理
  'awaiting-supplement', // 补正: the clock stops
  'in-review', // 审批
  'approved',
  'rejected',
  'refused', // 不予受理
  'delivered', // 出件
  'withdrawn',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CHANNELS = ['window', 'door-to-door'] as const;
export type Channel = (typeof CHANNELS)[number];

export const ID_TYPES = ['resident-id', 'passport', 'hk-macau-permit', 'taiwan-permit'] as const;
export type IdType = (typeof ID_TYPES)[number];

// maxLength lets the local database index these fields (RxDB requires it for indexed strings).
const isoDate = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 } as const;
const isoDateTime = { type: 'string', format: 'date-time', maxLength: 40 } as const;

/**
 * Name and ID number may be empty while a case is a draft, so a half-filled intake is saved from the first
 * keystroke; acceptance requires both (checkIntake in case-workflow.ts).
 */
export const personSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'idType', 'idNumber'],
  properties: {
    name: { type: 'string', maxLength: 60 },
    idType: { type: 'string', enum: ID_TYPES },
    idNumber: { type: 'string', maxLength: 30 },
    phone: { type: 'string', maxLength: 20 },
  },
} as const;
export type Person = FromSchema<typeof personSchema>;

export const MATERIAL_STATES = ['brought', 'exempt', 'missing'] as const;
export type MaterialState = (typeof MATERIAL_STATES)[number];

export const caseMaterialSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['materialId', 'state'],
  properties: {
    materialId: { type: 'string' },
    state: { type: 'string', enum: MATERIAL_STATES },
    exemption: { type: 'string', enum: EXEMPTION_KINDS },
    /** When the applicant confirmed a written commitment (告知承诺) for this material. */
    commitmentConfirmedAt: isoDateTime,
    attachmentIds: { type: 'array', items: { type: 'string' } },
  },
} as const;
export type CaseMaterial = FromSchema<typeof caseMaterialSchema>;

export const TRIP_REASONS = ['intake', 'supplement', 'delivery'] as const;

export const tripSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'at', 'reason'],
  properties: {
    id: { type: 'string' },
    at: isoDateTime,
    reason: { type: 'string', enum: TRIP_REASONS },
  },
} as const;
export type Trip = FromSchema<typeof tripSchema>;

export const clockStopSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['from'],
  properties: {
    /** First working day on which the clock does not run. */
    from: isoDate,
    /** Day the clock runs again; absent while the stop is open. */
    to: isoDate,
  },
} as const;
export type ClockStop = FromSchema<typeof clockStopSchema>;

export const EVALUATION_LEVELS = [
  'very-satisfied',
  'satisfied',
  'basically-satisfied',
  'dissatisfied',
  'very-dissatisfied',
] as const;
export type EvaluationLevel = (typeof EVALUATION_LEVELS)[number];

export const evaluationSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['level', 'at'],
  properties: {
    level: { type: 'string', enum: EVALUATION_LEVELS },
    at: isoDateTime,
    comment: { type: 'string', maxLength: 500 },
    /** A bad rating opens a follow-up that must be closed within 15 working days. */
    followUpDue: isoDate,
    followUpClosedAt: isoDateTime,
    followUpNote: { type: 'string', maxLength: 1000 },
  },
} as const;
export type Evaluation = FromSchema<typeof evaluationSchema>;

export const caseSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'id',
    'status',
    'itemCode',
    'catalogVersion',
    'channel',
    'acceptedAtStation',
    'handlingDepartment',
    'deliveryStation',
    'applicant',
    'form',
    'materials',
    'trips',
    'clockStops',
    'createdAt',
    'updatedAt',
  ],
  properties: {
    /** Stable document id (UUID); the case number is assigned on acceptance. */
    id: { type: 'string', maxLength: 40 },
    caseNo: { type: 'string', maxLength: 40 },
    status: { type: 'string', enum: CASE_STATUSES, maxLength: 20 },
    /** A bundle (一件事) case is a parent with one sub-case per department. */
    parentCaseId: { type: 'string', maxLength: 40 },
    bundleCode: { type: 'string' },
    itemCode: { type: 'string', maxLength: 40 },
    /** The catalog version the applicant was told about; a later catalog never changes it. */
    catalogVersion: { type: 'integer', minimum: 1 },
    channel: { type: 'string', enum: CHANNELS, maxLength: 20 },
    /** 就近办: accepted at one station, handled by a department, delivered at a station of choice. */
    acceptedAtStation: { type: 'string', maxLength: 10 },
    handlingDepartment: { type: 'string', maxLength: 40 },
    deliveryStation: { type: 'string', maxLength: 10 },
    applicant: personSchema,
    agent: personSchema,
    form: { type: 'object', additionalProperties: { type: 'string' } },
    materials: { type: 'array', items: caseMaterialSchema },
    trips: { type: 'array', items: tripSchema },
    acceptedOn: isoDate,
    /** Date the 一次性告知 notice of missing materials was given. */
    noticeGivenOn: isoDate,
    dueOn: isoDate,
    clockStops: { type: 'array', items: clockStopSchema },
    concludedAt: isoDateTime,
    deliveredAt: isoDateTime,
    evaluation: evaluationSchema,
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    updatedBy: { type: 'string' },
    deviceId: { type: 'string' },
    /**
     * Set by the sync server only: conflicts an administrator has not yet resolved (see
     * replication-server conflicts), so every station shows a banner on the case.
     */
    openConflictIds: { type: 'array', items: { type: 'string', maxLength: 40 } },
  },
} as const;
export type Case = FromSchema<typeof caseSchema>;

export const caseEventSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'caseId', 'type', 'at', 'actorId', 'actorName', 'actorRole', 'deviceId', 'stationId'],
  properties: {
    id: { type: 'string', maxLength: 40 },
    caseId: { type: 'string', maxLength: 40 },
    /** The transition or edit this event records; see case-state-machine.ts. */
    type: { type: 'string' },
    fromStatus: { type: 'string', enum: CASE_STATUSES },
    toStatus: { type: 'string', enum: CASE_STATUSES },
    at: isoDateTime,
    actorId: { type: 'string' },
    actorName: { type: 'string' },
    actorRole: { type: 'string', enum: ['clerk', 'approver', 'admin'] },
    deviceId: { type: 'string' },
    stationId: { type: 'string' },
    note: { type: 'string', maxLength: 2000 },
  },
} as const;
export type CaseEvent = FromSchema<typeof caseEventSchema>;
