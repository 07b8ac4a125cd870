import type { CaseMaterial } from '../case/case.schema';
import type { LocalizedMessage } from '../localized-message';
import {
  type Catalog,
  EXEMPTION_KINDS,
  type ExemptionKind,
  type MaterialRequirement,
} from './catalog.schema';
import { EXEMPTION_LABELS, type MaterialForm } from './catalog-labels';

/** What the clerk recorded for one material, as stored on the case. */
export type MaterialStatus = Pick<CaseMaterial, 'state' | 'exemption'>;
export type ProvidedMaterials = Readonly<Record<string, MaterialStatus>>;

/** One line of the 一次性告知单: a material the applicant still has to bring. */
export interface NoticeEntry {
  readonly materialId: string;
  readonly name: string;
  readonly nameEn: string;
  readonly form: MaterialForm;
  readonly copies: number;
  readonly condition?: string;
  readonly required: boolean;
}

export interface MaterialResolution {
  /** Everything still to bring, in the order the item (or merged bundle) lists it. */
  readonly missing: readonly NoticeEntry[];
  /** Exemptions that cannot be granted, and materials that do not belong to the item. */
  readonly errors: readonly LocalizedMessage[];
}

/**
 * Works out the content of the 一次性告知单 for an item or a merged bundle (both carry `materials`).
 * A required material is missing unless it was brought or validly exempted. An optional (conditional) material
 * is missing only when the clerk recorded it as missing, i.e. its condition applies; left unrecorded it does not
 * apply. A refused exemption is reported and the material stays on the list: the applicant must still bring it.
 */
export function resolveMaterials(
  catalog: Pick<Catalog, 'materials'>,
  source: { readonly materials: readonly MaterialRequirement[] },
  provided: ProvidedMaterials,
): MaterialResolution {
  const definitions = new Map(catalog.materials.map((definition) => [definition.id, definition]));
  const missing: NoticeEntry[] = [];
  const errors: LocalizedMessage[] = [];

  for (const requirement of source.materials) {
    const definition = definitions.get(requirement.materialId);
    const name = {
      zh: definition?.name ?? requirement.materialId,
      en: definition?.nameEn ?? requirement.materialId,
    };
    const status = provided[requirement.materialId];
    const exemptionError =
      status?.state === 'exempt' ? refusedExemption(name, requirement, status.exemption) : undefined;
    if (exemptionError) errors.push(exemptionError);

    const stillNeeded =
      exemptionError !== undefined ||
      status?.state === 'missing' ||
      (status === undefined && requirement.required);
    if (stillNeeded) {
      missing.push({
        materialId: requirement.materialId,
        name: name.zh,
        nameEn: name.en,
        form: requirement.form,
        copies: requirement.copies,
        ...(requirement.condition === undefined ? {} : { condition: requirement.condition }),
        required: requirement.required,
      });
    }
  }

  const listed = new Set(source.materials.map((requirement) => requirement.materialId));
  for (const materialId of Object.keys(provided)) {
    if (!listed.has(materialId)) {
      errors.push({
        zh: `材料 ${materialId} 不属于本事项`,
        en: `Material ${materialId} is not part of this item`,
      });
    }
  }
  return { missing, errors };
}

function refusedExemption(
  name: LocalizedMessage,
  requirement: MaterialRequirement,
  exemption: ExemptionKind | undefined,
): LocalizedMessage | undefined {
  if (exemption === undefined) {
    return {
      zh: `材料「${name.zh}」标记为免交，但未注明免交方式`,
      en: `Material "${name.en}" is marked exempt without saying how`,
    };
  }
  if (requirement.exemptions.includes(exemption)) return undefined;
  const claimed = EXEMPTION_LABELS[exemption];
  if (requirement.exemptions.length === 0) {
    return {
      zh: `材料「${name.zh}」不可免交，不能以「${claimed.zh}」免交`,
      en: `Material "${name.en}" cannot be exempted, not even by ${claimed.en}`,
    };
  }
  const allowed = requirement.exemptions.map((kind) => EXEMPTION_LABELS[kind]);
  return {
    zh: `材料「${name.zh}」不允许以「${claimed.zh}」免交，仅可：${allowed.map((label) => label.zh).join('、')}`,
    en: `Material "${name.en}" cannot be exempted by ${claimed.en}; allowed: ${allowed.map((label) => label.en).join(', ')}`,
  };
}

/** How many of a list's materials an applicant need not hand over on paper (衢州: 560 → 393). */
export interface MaterialsCut {
  readonly listed: number;
  /** Materials with at least one exemption (三个不提交 / 四个一律取消). */
  readonly cut: number;
  /** Materials that must always be handed over. */
  readonly toSubmit: number;
}

export function materialsCut(requirements: readonly MaterialRequirement[]): MaterialsCut {
  const cut = requirements.filter((requirement) => requirement.exemptions.length > 0).length;
  return { listed: requirements.length, cut, toSubmit: requirements.length - cut };
}

/** What actually happened on a case: materials handed over, exempted (by kind) and still missing. */
export interface MaterialTally {
  readonly submitted: number;
  readonly exempted: number;
  readonly missing: number;
  readonly byExemption: Readonly<Record<ExemptionKind, number>>;
}

export function tallyMaterials(provided: ProvidedMaterials): MaterialTally {
  const byExemption = Object.fromEntries(EXEMPTION_KINDS.map((kind) => [kind, 0])) as Record<
    ExemptionKind,
    number
  >;
  let submitted = 0;
  let exempted = 0;
  let missing = 0;
  for (const status of Object.values(provided)) {
    if (status.state === 'brought') submitted += 1;
    else if (status.state === 'missing') missing += 1;
    else {
      exempted += 1;
      if (status.exemption !== undefined) byExemption[status.exemption] += 1;
    }
  }
  return { submitted, exempted, missing, byExemption };
}
