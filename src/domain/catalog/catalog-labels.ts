import type { LocalizedMessage } from '../localized-message';
import type { ExemptionKind, MaterialRequirement } from './catalog.schema';

/** How each exemption reads on a notice or a clerk's screen (三个不提交 / 四个一律取消). */
export const EXEMPTION_LABELS: Readonly<Record<ExemptionKind, LocalizedMessage>> = {
  'none-required': { zh: '无法定依据不提交', en: 'not required by law' },
  'data-sharing': { zh: '数据共享获取', en: 'obtained by data sharing' },
  verifiable: { zh: '经办人查验', en: 'verified by the clerk' },
  'e-license': { zh: '电子证照', en: 'e-licence' },
  commitment: { zh: '告知承诺', en: 'written commitment' },
  'online-check': { zh: '网络核验', en: 'checked online' },
};

export type MaterialForm = MaterialRequirement['form'];

export const MATERIAL_FORM_LABELS: Readonly<Record<MaterialForm, LocalizedMessage>> = {
  original: { zh: '原件', en: 'original' },
  copy: { zh: '复印件', en: 'copy' },
  'original-and-copy': { zh: '原件及复印件', en: 'original and copy' },
};
