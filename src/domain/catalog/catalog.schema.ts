import type { FromSchema } from 'json-schema-to-ts';

/**
 * The service catalog (事项清单) as JSON Schema. One schema is the single source for the TypeScript types,
 * for validating catalog files an admin publishes, and for the station's read-only catalog collections.
 */

/** How a material can be left out: 三个不提交 and 四个一律取消. */
export const EXEMPTION_KINDS = [
  'none-required', // 法律法规无明确规定的不提交
  'data-sharing', // 本部门出具或可通过数据交换获取的不提交
  'verifiable', // 经办人可自行查验的不提交
  'e-license', // 能以电子证照证明的一律取消
  'commitment', // 能以申请人书面承诺（告知承诺）解决的一律取消
  'online-check', // 能通过网络核验的一律取消
] as const;
export type ExemptionKind = (typeof EXEMPTION_KINDS)[number];

export const departmentSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'name', 'nameEn', 'level'],
  properties: {
    code: { type: 'string', pattern: '^[a-z][a-z0-9-]*$', maxLength: 40 },
    name: { type: 'string', minLength: 1 },
    nameEn: { type: 'string', minLength: 1 },
    level: { type: 'string', enum: ['township', 'county'] },
  },
} as const;
export type Department = FromSchema<typeof departmentSchema>;

export const formFieldSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'label', 'labelEn', 'type'],
  properties: {
    /** Standard field code shared by every item, so 身份证号码 is one field everywhere. */
    code: { type: 'string', pattern: '^[a-z][a-zA-Z0-9]*$', maxLength: 60 },
    label: { type: 'string', minLength: 1 },
    labelEn: { type: 'string', minLength: 1 },
    type: {
      type: 'string',
      enum: ['text', 'textarea', 'id-number', 'phone', 'date', 'number', 'select', 'bank-account'],
    },
    options: { type: 'array', items: { type: 'string' }, minItems: 1 },
  },
} as const;
export type FormField = FromSchema<typeof formFieldSchema>;

export const materialDefinitionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'nameEn'],
  properties: {
    /** Standard material id shared by every item, so a bundle lists 居民身份证 once. */
    id: { type: 'string', pattern: '^[a-z][a-z0-9-]*$', maxLength: 60 },
    name: { type: 'string', minLength: 1 },
    nameEn: { type: 'string', minLength: 1 },
    /** The e-licence (电子证照) that can stand in for the paper document, if one exists. */
    eLicense: { type: 'string' },
  },
} as const;
export type MaterialDefinition = FromSchema<typeof materialDefinitionSchema>;

export const materialRequirementSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['materialId', 'form', 'copies', 'required', 'exemptions'],
  properties: {
    materialId: { type: 'string' },
    form: { type: 'string', enum: ['original', 'copy', 'original-and-copy'] },
    copies: { type: 'integer', minimum: 0, maximum: 20 },
    required: { type: 'boolean' },
    exemptions: { type: 'array', items: { type: 'string', enum: EXEMPTION_KINDS }, uniqueItems: true },
    /** When the material applies, e.g. 委托他人代办的 — shown to the clerk. */
    condition: { type: 'string' },
  },
} as const;
export type MaterialRequirement = FromSchema<typeof materialRequirementSchema>;

export const fieldRequirementSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'required'],
  properties: {
    code: { type: 'string' },
    required: { type: 'boolean' },
  },
} as const;
export type FieldRequirement = FromSchema<typeof fieldRequirementSchema>;

export const serviceItemSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'code',
    'name',
    'nameEn',
    'departmentCode',
    'level',
    'legalBasis',
    'kind',
    'statutoryDays',
    'promisedDays',
    'fee',
    'maxTrips',
    'onlineCapable',
    'version',
    'materials',
    'fields',
    'resultDocument',
  ],
  properties: {
    code: { type: 'string', pattern: '^[A-Z0-9][A-Z0-9-]*$', maxLength: 40 },
    parentCode: { type: 'string' },
    name: { type: 'string', minLength: 1 },
    nameEn: { type: 'string', minLength: 1 },
    departmentCode: { type: 'string' },
    /** The lowest level at which the item is accepted: 村 / 乡镇 / 县. */
    level: { type: 'string', enum: ['village', 'township', 'county'] },
    legalBasis: { type: 'string', minLength: 1 },
    /** 即办件 is handled on the spot; 承诺件 within the promised time limit. */
    kind: { type: 'string', enum: ['instant', 'promised'] },
    statutoryDays: { type: 'integer', minimum: 0 },
    promisedDays: { type: 'integer', minimum: 0 },
    /** Fee in yuan; 0 means free of charge. */
    fee: { type: 'number', minimum: 0 },
    maxTrips: { type: 'integer', minimum: 0, maximum: 5 },
    onlineCapable: { type: 'boolean' },
    version: { type: 'integer', minimum: 1 },
    materials: { type: 'array', items: materialRequirementSchema },
    fields: { type: 'array', items: fieldRequirementSchema },
    resultDocument: { type: 'string', minLength: 1 },
    /** Pinyin initials of the name, derived when a catalog is prepared (see catalog-search.ts). */
    pinyinInitials: { type: 'string' },
  },
} as const;
export type ServiceItem = FromSchema<typeof serviceItemSchema>;

export const bundleSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'code',
    'name',
    'nameEn',
    'leadDepartmentCode',
    'itemCodes',
    'promisedDays',
    'maxTrips',
    'version',
  ],
  properties: {
    code: { type: 'string', pattern: '^[A-Z0-9][A-Z0-9-]*$', maxLength: 40 },
    name: { type: 'string', minLength: 1 },
    nameEn: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    leadDepartmentCode: { type: 'string' },
    itemCodes: { type: 'array', items: { type: 'string' }, minItems: 2, uniqueItems: true },
    /** Promised time limit of the whole bundle in working days (一件事一次办). */
    promisedDays: { type: 'integer', minimum: 0 },
    maxTrips: { type: 'integer', minimum: 0, maximum: 5 },
    version: { type: 'integer', minimum: 1 },
    pinyinInitials: { type: 'string' },
  },
} as const;
export type Bundle = FromSchema<typeof bundleSchema>;

export const catalogSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'publishedAt', 'departments', 'fields', 'materials', 'items', 'bundles'],
  properties: {
    /** Catalog version; a case keeps the version it was accepted under. */
    version: { type: 'integer', minimum: 1 },
    publishedAt: { type: 'string', format: 'date-time' },
    departments: { type: 'array', items: departmentSchema },
    fields: { type: 'array', items: formFieldSchema },
    materials: { type: 'array', items: materialDefinitionSchema },
    items: { type: 'array', items: serviceItemSchema },
    bundles: { type: 'array', items: bundleSchema },
  },
} as const;
export type Catalog = FromSchema<typeof catalogSchema>;
