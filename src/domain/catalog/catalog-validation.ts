import type { ErrorObject } from 'ajv';
import type { LocalizedMessage } from '../localized-message';
import { createSchemaValidator } from '../schema-validator';
import { type Bundle, type Catalog, catalogSchema, type ServiceItem } from './catalog.schema';
import { EXEMPTION_LABELS } from './catalog-labels';

/**
 * Checks a catalog an admin publishes: first its shape against `catalogSchema`, then the rules between its parts
 * that JSON Schema cannot express. Every problem is reported, not only the first, so an admin fixes a file in one go.
 *
 * Rules beyond the schema, and why:
 * - codes are unique within departments, fields, materials, items and bundles, and no item shares a code with a
 *   bundle — a clerk searches both by code, and a case stores either;
 * - every reference (department, parent item, material, field, bundle item) points at something that exists;
 * - an item lists a material or field at most once — the form and the notice would otherwise repeat it;
 * - a sub-item's parent is a main item (主项/子项 has two levels);
 * - promisedDays ≤ statutoryDays — the promise is a cut of the statutory limit, never an extension;
 * - an instant item (即办件) promises 0 days and a promised item (承诺件) at least 1 — otherwise the kind lies;
 * - an 'e-license' exemption needs a material that has an e-licence; a copy needs at least one copy;
 * - a 'select' field has options and no other field type does;
 * - a bundle's lead department handles at least one of its items, and the bundle promises neither more days nor
 *   more trips than its slowest / most-travelled item: departments work on the sub-cases in parallel, and
 *   一件事一次办 exists to cut time and trips, never to add them.
 */
export type CatalogValidation =
  | { readonly ok: true; readonly value: Catalog }
  | { readonly ok: false; readonly error: LocalizedMessage; readonly errors: readonly LocalizedMessage[] };

const ajv = createSchemaValidator({ allErrors: true });
const matchesCatalogSchema = ajv.compile(catalogSchema);

export function validateCatalog(data: unknown): CatalogValidation {
  if (!matchesCatalogSchema(data)) {
    return rejected((matchesCatalogSchema.errors ?? []).map((error) => describeSchemaError(data, error)));
  }
  const catalog = data as Catalog;
  const errors = [
    ...duplicateCodes(catalog),
    ...fieldDefinitionErrors(catalog),
    ...itemErrors(catalog),
    ...bundleErrors(catalog),
  ];
  return errors.length === 0 ? { ok: true, value: catalog } : rejected(errors);
}

function rejected(errors: readonly LocalizedMessage[]): CatalogValidation {
  const first = errors[0] ?? { zh: '未知错误', en: 'unknown error' };
  return {
    ok: false,
    error: {
      zh: `目录校验未通过（共 ${errors.length} 处问题）：${first.zh}`,
      en: `The catalog is invalid (${errors.length} problem(s)): ${first.en}`,
    },
    errors,
  };
}

const message = (zh: string, en: string): LocalizedMessage => ({ zh, en });

function duplicatesIn(codes: readonly string[]): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const code of codes) {
    if (seen.has(code)) duplicates.add(code);
    seen.add(code);
  }
  return [...duplicates];
}

function duplicateCodes(catalog: Catalog): LocalizedMessage[] {
  const groups: ReadonlyArray<readonly [string, string, readonly string[]]> = [
    ['部门编码', 'department code', catalog.departments.map((department) => department.code)],
    ['表单字段编码', 'form field code', catalog.fields.map((field) => field.code)],
    ['材料编码', 'material id', catalog.materials.map((material) => material.id)],
    ['事项编码', 'item code', catalog.items.map((item) => item.code)],
    ['一件事编码', 'bundle code', catalog.bundles.map((bundle) => bundle.code)],
  ];
  const errors = groups.flatMap(([zh, en, codes]) =>
    duplicatesIn(codes).map((code) => message(`${zh} ${code} 重复`, `Duplicate ${en} ${code}`)),
  );
  const itemCodes = new Set(catalog.items.map((item) => item.code));
  for (const bundle of catalog.bundles) {
    if (itemCodes.has(bundle.code)) {
      errors.push(
        message(
          `编码 ${bundle.code} 同时用于事项和一件事`,
          `Code ${bundle.code} is used by an item and a bundle`,
        ),
      );
    }
  }
  return errors;
}

function fieldDefinitionErrors(catalog: Catalog): LocalizedMessage[] {
  return catalog.fields.flatMap((field) => {
    if (field.type === 'select' && !field.options) {
      return [
        message(
          `表单字段 ${field.code} 为选择类型，必须提供选项`,
          `Select field ${field.code} needs options`,
        ),
      ];
    }
    if (field.type !== 'select' && field.options) {
      return [
        message(
          `表单字段 ${field.code} 不是选择类型，不应提供选项`,
          `Field ${field.code} is not a select but has options`,
        ),
      ];
    }
    return [];
  });
}

function itemErrors(catalog: Catalog): LocalizedMessage[] {
  const departments = new Set(catalog.departments.map((department) => department.code));
  const fields = new Set(catalog.fields.map((field) => field.code));
  const materials = new Map(catalog.materials.map((material) => [material.id, material]));
  const items = new Map(catalog.items.map((item) => [item.code, item]));
  const errors: LocalizedMessage[] = [];

  for (const item of catalog.items) {
    const it = `事项 ${item.code}`;
    const itEn = `Item ${item.code}`;
    if (!departments.has(item.departmentCode)) {
      errors.push(
        message(
          `${it} 引用了不存在的部门 ${item.departmentCode}`,
          `${itEn} references unknown department ${item.departmentCode}`,
        ),
      );
    }
    errors.push(...parentErrors(item, items));

    for (const requirement of item.materials) {
      const definition = materials.get(requirement.materialId);
      if (!definition) {
        errors.push(
          message(
            `${it} 引用了不存在的材料 ${requirement.materialId}`,
            `${itEn} references unknown material ${requirement.materialId}`,
          ),
        );
      } else if (requirement.exemptions.includes('e-license') && !definition.eLicense) {
        errors.push(
          message(
            `${it} 的材料 ${requirement.materialId} 允许以${EXEMPTION_LABELS['e-license'].zh}免交，但该材料没有电子证照`,
            `${itEn} lets material ${requirement.materialId} be replaced by an e-licence, but it has none`,
          ),
        );
      }
      if (requirement.form !== 'original' && requirement.copies < 1) {
        errors.push(
          message(
            `${it} 的材料 ${requirement.materialId} 需要复印件，份数至少为 1`,
            `${itEn} asks for a copy of ${requirement.materialId} but 0 copies`,
          ),
        );
      }
    }
    for (const materialId of duplicatesIn(item.materials.map((requirement) => requirement.materialId))) {
      errors.push(message(`${it} 重复列出材料 ${materialId}`, `${itEn} lists material ${materialId} twice`));
    }
    for (const requirement of item.fields) {
      if (!fields.has(requirement.code)) {
        errors.push(
          message(
            `${it} 引用了不存在的表单字段 ${requirement.code}`,
            `${itEn} references unknown form field ${requirement.code}`,
          ),
        );
      }
    }
    for (const code of duplicatesIn(item.fields.map((requirement) => requirement.code))) {
      errors.push(message(`${it} 重复列出表单字段 ${code}`, `${itEn} lists form field ${code} twice`));
    }
    errors.push(...timeLimitErrors(item));
  }
  return errors;
}

function parentErrors(item: ServiceItem, items: ReadonlyMap<string, ServiceItem>): LocalizedMessage[] {
  if (item.parentCode === undefined) return [];
  const it = `事项 ${item.code}`;
  const itEn = `Item ${item.code}`;
  if (item.parentCode === item.code) {
    return [message(`${it} 不能以自身为主项`, `${itEn} cannot be its own parent`)];
  }
  const parent = items.get(item.parentCode);
  if (!parent)
    return [
      message(`${it} 的主项 ${item.parentCode} 不存在`, `${itEn} has unknown parent item ${item.parentCode}`),
    ];
  if (parent.parentCode !== undefined) {
    return [
      message(
        `${it} 的主项 ${parent.code} 本身是子项`,
        `${itEn} has parent ${parent.code}, which is itself a sub-item`,
      ),
    ];
  }
  return [];
}

function timeLimitErrors(item: ServiceItem): LocalizedMessage[] {
  const errors: LocalizedMessage[] = [];
  if (item.promisedDays > item.statutoryDays) {
    errors.push(
      message(
        `事项 ${item.code} 的承诺时限（${item.promisedDays} 个工作日）超过法定时限（${item.statutoryDays} 个工作日）`,
        `Item ${item.code} promises ${item.promisedDays} working days, more than the statutory ${item.statutoryDays}`,
      ),
    );
  }
  if (item.kind === 'instant' && item.promisedDays !== 0) {
    errors.push(
      message(
        `即办件 ${item.code} 的承诺时限应为 0 个工作日`,
        `Instant item ${item.code} must promise 0 working days`,
      ),
    );
  }
  if (item.kind === 'promised' && item.promisedDays === 0) {
    errors.push(
      message(
        `承诺件 ${item.code} 的承诺时限至少为 1 个工作日`,
        `Promised item ${item.code} must promise at least 1 working day`,
      ),
    );
  }
  return errors;
}

function bundleErrors(catalog: Catalog): LocalizedMessage[] {
  const departments = new Set(catalog.departments.map((department) => department.code));
  const items = new Map(catalog.items.map((item) => [item.code, item]));
  return catalog.bundles.flatMap((bundle) => bundleRuleErrors(bundle, departments, items));
}

function bundleRuleErrors(
  bundle: Bundle,
  departments: ReadonlySet<string>,
  items: ReadonlyMap<string, ServiceItem>,
): LocalizedMessage[] {
  const it = `一件事 ${bundle.code}`;
  const itEn = `Bundle ${bundle.code}`;
  const errors: LocalizedMessage[] = [];
  const members: ServiceItem[] = [];
  for (const code of bundle.itemCodes) {
    const item = items.get(code);
    if (item) members.push(item);
    else errors.push(message(`${it} 引用了不存在的事项 ${code}`, `${itEn} references unknown item ${code}`));
  }
  if (!departments.has(bundle.leadDepartmentCode)) {
    errors.push(
      message(
        `${it} 的牵头部门 ${bundle.leadDepartmentCode} 不存在`,
        `${itEn} has unknown lead department ${bundle.leadDepartmentCode}`,
      ),
    );
  } else if (
    members.length > 0 &&
    !members.some((item) => item.departmentCode === bundle.leadDepartmentCode)
  ) {
    errors.push(
      message(
        `${it} 的牵头部门 ${bundle.leadDepartmentCode} 不办理其中任何事项`,
        `${itEn}'s lead department ${bundle.leadDepartmentCode} handles none of its items`,
      ),
    );
  }
  if (members.length === 0) return errors;
  const slowest = Math.max(...members.map((item) => item.promisedDays));
  if (bundle.promisedDays > slowest) {
    errors.push(
      message(
        `${it} 的承诺时限（${bundle.promisedDays} 个工作日）超过其中最长的事项承诺时限（${slowest} 个工作日）`,
        `${itEn} promises ${bundle.promisedDays} working days, more than its slowest item (${slowest})`,
      ),
    );
  }
  const mostTrips = Math.max(...members.map((item) => item.maxTrips));
  if (bundle.maxTrips > mostTrips) {
    errors.push(
      message(
        `${it} 的跑动次数（${bundle.maxTrips} 次）超过其中任何事项的跑动次数（最多 ${mostTrips} 次）`,
        `${itEn} allows ${bundle.maxTrips} trips, more than any of its items (at most ${mostTrips})`,
      ),
    );
  }
  return errors;
}

const SECTION_NAMES: Readonly<Record<string, readonly [string, string]>> = {
  departments: ['部门', 'Department'],
  fields: ['表单字段', 'Field'],
  materials: ['材料', 'Material'],
  items: ['事项', 'Item'],
  bundles: ['一件事', 'Bundle'],
};

/** Names the entry a schema error sits in by its code, which an admin recognises better than an array index. */
function describeLocation(data: unknown, instancePath: string): LocalizedMessage {
  const [section, index] = instancePath.split('/').slice(1);
  const names = section === undefined ? undefined : SECTION_NAMES[section];
  const entries = isRecord(data) && section !== undefined ? data[section] : undefined;
  const entry = Array.isArray(entries) && index !== undefined ? entries[Number(index)] : undefined;
  const code = isRecord(entry) ? (entry['code'] ?? entry['id']) : undefined;
  const path = instancePath === '' ? '/' : instancePath;
  if (!names || typeof code !== 'string') return { zh: path, en: path };
  return { zh: `${names[0]} ${code}（${path}）`, en: `${names[1]} ${code} (${path})` };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeSchemaError(data: unknown, error: ErrorObject): LocalizedMessage {
  const where = describeLocation(data, error.instancePath);
  const problem = describeSchemaProblem(error);
  return { zh: `${where.zh}：${problem.zh}`, en: `${where.en}: ${problem.en}` };
}

function describeSchemaProblem(error: ErrorObject): LocalizedMessage {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return message(
        `缺少必填字段 ${String(params['missingProperty'])}`,
        `missing property ${String(params['missingProperty'])}`,
      );
    case 'additionalProperties':
      return message(
        `含有未定义的字段 ${String(params['additionalProperty'])}`,
        `unknown property ${String(params['additionalProperty'])}`,
      );
    case 'type':
      return message(`类型应为 ${String(params['type'])}`, `must be of type ${String(params['type'])}`);
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).join(', ');
      return message(`取值应为以下之一：${allowed}`, `must be one of: ${allowed}`);
    }
    case 'format':
      return message(`不是有效的 ${String(params['format'])}`, `is not a valid ${String(params['format'])}`);
    case 'pattern':
      return message(`格式不符合 ${String(params['pattern'])}`, `must match ${String(params['pattern'])}`);
    case 'minimum':
      return message(`不得小于 ${String(params['limit'])}`, `must be at least ${String(params['limit'])}`);
    case 'maximum':
      return message(`不得大于 ${String(params['limit'])}`, `must be at most ${String(params['limit'])}`);
    case 'minLength':
      return message(
        `长度不得少于 ${String(params['limit'])}`,
        `must be at least ${String(params['limit'])} characters`,
      );
    case 'maxLength':
      return message(
        `长度不得超过 ${String(params['limit'])}`,
        `must be at most ${String(params['limit'])} characters`,
      );
    case 'minItems':
      return message(
        `至少需要 ${String(params['limit'])} 项`,
        `needs at least ${String(params['limit'])} entries`,
      );
    case 'uniqueItems':
      return message(
        `第 ${String(params['j'])} 项与第 ${String(params['i'])} 项重复`,
        `entries ${String(params['j'])} and ${String(params['i'])} are duplicates`,
      );
    default:
      return message(`不符合目录格式：${error.message ?? error.keyword}`, error.message ?? error.keyword);
  }
}
