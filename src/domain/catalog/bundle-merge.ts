import {
  type Bundle,
  type Catalog,
  EXEMPTION_KINDS,
  type ExemptionKind,
  type MaterialRequirement,
  type ServiceItem,
} from './catalog.schema';

/** One field of the merged 一件事 form, and the items that ask for it. */
export interface MergedField {
  readonly code: string;
  readonly required: boolean;
  readonly itemCodes: readonly string[];
}

/** One material of the merged 一件事 list; the same shape as an item's requirement, so notices treat both alike. */
export type MergedMaterial = MaterialRequirement & { readonly itemCodes: readonly string[] };

/** What one department receives: its items, and its slice of the merged form and material list. */
export interface SubCaseSlice {
  readonly departmentCode: string;
  readonly itemCodes: readonly string[];
  readonly fields: readonly MergedField[];
  readonly materials: readonly MergedMaterial[];
}

export interface MergedBundle {
  readonly bundle: Bundle;
  readonly items: readonly ServiceItem[];
  readonly fields: readonly MergedField[];
  readonly materials: readonly MergedMaterial[];
  readonly promisedDays: number;
  readonly maxTrips: number;
  /** One per department, in the order its first item appears in the bundle. */
  readonly subCases: readonly SubCaseSlice[];
}

/**
 * Merges the items of a 一件事 into one form and one material list, so the applicant fills in and hands over
 * everything once. Throws for a bundle or item the catalog does not hold — a validated catalog never does.
 *
 * - A field is asked once, by its standard code, and is required if any item requires it.
 * - A material is collected once, by its standard id, and is required if any item requires it. Its form and
 *   copies are the strictest any item asks for (original + copy → both), because the one collected copy is
 *   scanned and shared with every department instead of being collected again.
 * - Its exemptions are those every item that needs it accepts (intersection): when the applicant skips the
 *   material under one exemption, each receiving department must be able to do without it; a kind that one
 *   department does not accept would leave that department without the material. Items that list a material as
 *   optional do not restrict the exemptions of an item that requires it. The same items decide its condition.
 */
export function mergeBundle(catalog: Catalog, bundleCode: string): MergedBundle {
  const bundle = catalog.bundles.find((candidate) => candidate.code === bundleCode);
  if (!bundle) throw new Error(`Unknown bundle ${bundleCode}`);
  const items = bundle.itemCodes.map((code) => {
    const item = catalog.items.find((candidate) => candidate.code === code);
    if (!item) throw new Error(`Bundle ${bundleCode} references unknown item ${code}`);
    return item;
  });
  const fields = mergeFields(items);
  const materials = mergeMaterials(items);
  return {
    bundle,
    items,
    fields,
    materials,
    promisedDays: bundle.promisedDays,
    maxTrips: bundle.maxTrips,
    subCases: sliceByDepartment(items, fields, materials),
  };
}

function mergeFields(items: readonly ServiceItem[]): MergedField[] {
  const merged = new Map<string, MergedField>();
  for (const item of items) {
    for (const field of item.fields) {
      const existing = merged.get(field.code);
      merged.set(field.code, {
        code: field.code,
        required: (existing?.required ?? false) || field.required,
        itemCodes: [...(existing?.itemCodes ?? []), item.code],
      });
    }
  }
  return [...merged.values()];
}

interface Listing {
  readonly itemCode: string;
  readonly requirement: MaterialRequirement;
}

function mergeMaterials(items: readonly ServiceItem[]): MergedMaterial[] {
  const listingsById = new Map<string, Listing[]>();
  for (const item of items) {
    for (const requirement of item.materials) {
      const listings = listingsById.get(requirement.materialId) ?? [];
      listings.push({ itemCode: item.code, requirement });
      listingsById.set(requirement.materialId, listings);
    }
  }
  return [...listingsById.entries()].map(([materialId, listings]) => mergeMaterial(materialId, listings));
}

function mergeMaterial(materialId: string, listings: readonly Listing[]): MergedMaterial {
  const requirements = listings.map((listing) => listing.requirement);
  const requiring = requirements.filter((requirement) => requirement.required);
  const governing = requiring.length > 0 ? requiring : requirements;
  const condition = mergeConditions(governing);
  return {
    materialId,
    form: strictestForm(requirements),
    copies: Math.max(...requirements.map((requirement) => requirement.copies)),
    required: requiring.length > 0,
    exemptions: EXEMPTION_KINDS.filter((kind: ExemptionKind) =>
      governing.every((requirement) => requirement.exemptions.includes(kind)),
    ),
    ...(condition === undefined ? {} : { condition }),
    itemCodes: listings.map((listing) => listing.itemCode),
  };
}

function strictestForm(requirements: readonly MaterialRequirement[]): MaterialRequirement['form'] {
  const needsOriginal = requirements.some((requirement) => requirement.form !== 'copy');
  const needsCopy = requirements.some((requirement) => requirement.form !== 'original');
  if (needsOriginal && needsCopy) return 'original-and-copy';
  return needsOriginal ? 'original' : 'copy';
}

/** Unconditional for any governing item means unconditional; otherwise it applies under any of the conditions. */
function mergeConditions(requirements: readonly MaterialRequirement[]): string | undefined {
  const conditions: string[] = [];
  for (const requirement of requirements) {
    if (requirement.condition === undefined) return undefined;
    if (!conditions.includes(requirement.condition)) conditions.push(requirement.condition);
  }
  return conditions.join('；');
}

function sliceByDepartment(
  items: readonly ServiceItem[],
  fields: readonly MergedField[],
  materials: readonly MergedMaterial[],
): SubCaseSlice[] {
  const itemCodesByDepartment = new Map<string, string[]>();
  for (const item of items) {
    itemCodesByDepartment.set(item.departmentCode, [
      ...(itemCodesByDepartment.get(item.departmentCode) ?? []),
      item.code,
    ]);
  }
  return [...itemCodesByDepartment.entries()].map(([departmentCode, itemCodes]) => {
    const concernsDepartment = (entry: { readonly itemCodes: readonly string[] }) =>
      entry.itemCodes.some((code) => itemCodes.includes(code));
    return {
      departmentCode,
      itemCodes,
      fields: fields.filter(concernsDepartment),
      materials: materials.filter(concernsDepartment),
    };
  });
}
