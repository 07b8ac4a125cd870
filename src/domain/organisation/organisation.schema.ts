import type { FromSchema } from 'json-schema-to-ts';
import type { LocalizedMessage } from '../localized-message';

/** Stations (便民服务中心/站) and the county they belong to. Departments live in the catalog. */
export const stationSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'nameEn', 'level', 'regionCode', 'countyCode'],
  properties: {
    /** Short station code, also part of every case number issued there. */
    id: { type: 'string', pattern: '^[A-Z0-9]{4}$', maxLength: 10 },
    name: { type: 'string', minLength: 1 },
    nameEn: { type: 'string', minLength: 1 },
    level: { type: 'string', enum: ['village', 'township', 'county'] },
    /** Six-digit administrative division code (GB/T 2260) of the county. */
    regionCode: { type: 'string', pattern: '^[1-8][0-9]{5}$' },
    countyCode: { type: 'string', pattern: '^[1-8][0-9]{5}$' },
    parentStationId: { type: 'string' },
    island: { type: 'boolean' },
    address: { type: 'string' },
  },
} as const;
export type Station = FromSchema<typeof stationSchema>;

/**
 * Clerks accept and hand out cases at a station; approvers decide a department's cases; supervisors (县级督查) watch
 * the county's figures and handle no case; administrators do everything, including resolving sync conflicts.
 */
export const ROLES = ['clerk', 'approver', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, LocalizedMessage> = {
  clerk: { zh: '窗口人员', en: 'Clerk' },
  approver: { zh: '审批人员', en: 'Approver' },
  supervisor: { zh: '督查人员', en: 'Supervisor' },
  admin: { zh: '管理员', en: 'Administrator' },
};

/** The county view: every station's figures, from the server. */
export const seesCountyReport = (role: Role): boolean => role === 'admin' || role === 'supervisor';

/** The roles that create, edit or record actions on cases; a supervisor only looks. */
export type CaseHandlingRole = Exclude<Role, 'supervisor'>;
export const handlesCases = (role: Role): role is CaseHandlingRole => role !== 'supervisor';

/**
 * A staff account. Clerks work at a station; approvers decide for a department. Credentials are not part of the
 * account document and live with the auth code.
 */
export const staffSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'role'],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 40 },
    name: { type: 'string', minLength: 1, maxLength: 60 },
    role: { type: 'string', enum: ROLES },
    stationId: { type: 'string', pattern: '^[A-Z0-9]{4}$' },
    departmentCode: { type: 'string' },
  },
  allOf: [
    {
      if: { required: ['role'], properties: { role: { const: 'clerk' } } },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, not a thenable
      then: { required: ['stationId'] },
    },
    {
      if: { required: ['role'], properties: { role: { const: 'approver' } } },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, not a thenable
      then: { required: ['departmentCode'] },
    },
  ],
} as const;
export type Staff = FromSchema<typeof staffSchema>;
