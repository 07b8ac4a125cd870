import type { IdType } from '../case/case.schema';
import { invalid, type LocalizedMessage, type Validation, valid } from '../localized-message';
import { validateResidentId } from './resident-id';

export const ID_TYPE_LABELS: Record<IdType, LocalizedMessage> = {
  'resident-id': { zh: '居民身份证', en: 'Resident identity card' },
  passport: { zh: '护照', en: 'Passport' },
  'hk-macau-permit': {
    zh: '港澳居民来往内地通行证',
    en: 'Mainland Travel Permit for Hong Kong and Macao Residents',
  },
  'taiwan-permit': { zh: '台湾居民来往大陆通行证', en: 'Mainland Travel Permit for Taiwan Residents' },
};

export interface IdentityDocument {
  readonly idType: IdType;
  /** Normalised number: upper case, no spaces or brackets. */
  readonly idNumber: string;
}

export interface Passport {
  readonly idNumber: string;
  /** Whether the number has the shape of a passport of the People's Republic of China. */
  readonly issuer: 'prc' | 'foreign';
}

/**
 * PRC ordinary passports: E + 8 digits, E + a letter (never I or O) + 7 digits once the digits ran out, and the
 * older G + 8 digits.
 */
const PRC_PASSPORT = /^(E\d{8}|E[A-HJ-NP-Z]\d{7}|G\d{8})$/;
const ANY_PASSPORT = /^[A-Z0-9]{5,17}$/;

/** Removes what people type between groups of a document number: spaces, dashes and brackets. */
function compact(input: string): string {
  return input
    .normalize('NFKC')
    .replace(/[\s\-()]/g, '')
    .toUpperCase();
}

/**
 * A foreign passport number may look exactly like a PRC one (German numbers also start with G), so the PRC
 * shape only tells which kind the number probably is; it never makes a number invalid.
 */
export function validatePassport(input: string): Validation<Passport> {
  const idNumber = compact(input);
  if (!ANY_PASSPORT.test(idNumber)) {
    return invalid(
      '护照号码应为 5–17 位字母或数字（中国护照如 E12345678、EA1234567）',
      'A passport number has 5 to 17 letters or digits (PRC passports look like E12345678 or EA1234567)',
    );
  }
  return valid({ idNumber, issuer: PRC_PASSPORT.test(idNumber) ? 'prc' : 'foreign' });
}

/** 港澳居民来往内地通行证 (回乡证): H (Hong Kong) or M (Macao) + 8 digits, + 2 more on older cards. */
export function validateHkMacauPermit(input: string): Validation<string> {
  const idNumber = compact(input);
  if (!/^[HM]/.test(idNumber)) {
    return invalid(
      '港澳居民来往内地通行证号码应以 H（香港）或 M（澳门）开头',
      'A Hong Kong/Macao permit number starts with H (Hong Kong) or M (Macao)',
    );
  }
  if (!/^[HM](\d{8}|\d{10})$/.test(idNumber)) {
    return invalid(
      '港澳居民来往内地通行证号码应为 H 或 M 加 8 位或 10 位数字',
      'A Hong Kong/Macao permit number is H or M followed by 8 or 10 digits',
    );
  }
  return valid(idNumber);
}

/**
 * 台湾居民来往大陆通行证 (台胞证): 8 digits. Older cards add a bracketed issue count or check character of one or
 * two digits or letters, e.g. 12345678(B) or 1234567801.
 */
export function validateTaiwanPermit(input: string): Validation<string> {
  const idNumber = compact(input);
  if (!/^\d{8}[0-9A-Z]{0,2}$/.test(idNumber)) {
    return invalid(
      '台湾居民来往大陆通行证号码应为 8 位数字，旧证可另带 1–2 位数字或字母',
      'A Taiwan permit number has 8 digits, on older cards followed by 1 or 2 digits or letters',
    );
  }
  return valid(idNumber);
}

export function validateIdentityDocument(idType: IdType, input: string): Validation<IdentityDocument> {
  if (input.trim() === '') {
    const label = ID_TYPE_LABELS[idType];
    return invalid(`请填写${label.zh}号码`, `Please enter the ${label.en} number`);
  }
  const idNumber = numberOf(idType, input);
  return idNumber.ok ? valid({ idType, idNumber: idNumber.value }) : idNumber;
}

function numberOf(idType: IdType, input: string): Validation<string> {
  switch (idType) {
    case 'resident-id': {
      const residentId = validateResidentId(input);
      return residentId.ok ? valid(residentId.value.idNumber) : residentId;
    }
    case 'passport': {
      const passport = validatePassport(input);
      return passport.ok ? valid(passport.value.idNumber) : passport;
    }
    case 'hk-macau-permit':
      return validateHkMacauPermit(input);
    case 'taiwan-permit':
      return validateTaiwanPermit(input);
  }
}
