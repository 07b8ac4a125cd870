import { isIsoDate, todayInShanghai } from '../calendar/iso-date';
import { invalid, type Validation, valid } from '../localized-message';

/** Citizen identity number (公民身份号码) per GB 11643-1999, as read from a resident identity card. */
export interface ResidentId {
  /** Normalised: 18 characters, upper-case X. */
  readonly idNumber: string;
  /** YYYY-MM-DD */
  readonly birthDate: string;
  readonly sex: 'male' | 'female';
  /** Address code (GB/T 2260) of the county where the number was issued. */
  readonly regionCode: string;
}

/**
 * Province-level codes of GB/T 2260. 83 is not in GB/T 2260: it is the address code of residence permits for
 * Taiwan residents (港澳台居民居住证, 2018), whose 18-character numbers follow this same standard — 81 and 82 are
 * likewise the Hong Kong and Macao residence-permit codes.
 */
const PROVINCE_CODES: ReadonlySet<string> = new Set([
  ...['11', '12', '13', '14', '15'],
  ...['21', '22', '23'],
  ...['31', '32', '33', '34', '35', '36', '37'],
  ...['41', '42', '43', '44', '45', '46'],
  ...['50', '51', '52', '53', '54'],
  ...['61', '62', '63', '64', '65'],
  ...['71', '81', '82', '83'],
]);

/** Only these have a single, province-level address code (e.g. 810000); every other number names a county. */
const PROVINCE_ONLY_CODES: ReadonlySet<string> = new Set(['71', '81', '82', '83']);

const CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';
const EARLIEST_BIRTH_DATE = '1900-01-01';

/** ISO 7064 MOD 11-2 check character over the first 17 digits. */
function checkCharacter(first17Digits: string): string {
  let sum = 0;
  for (let i = 0; i < CHECK_WEIGHTS.length; i++) sum += Number(first17Digits[i]) * CHECK_WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11]!;
}

function checkRegion(regionCode: string): Validation<string> {
  const province = regionCode.slice(0, 2);
  if (!PROVINCE_CODES.has(province)) {
    return invalid(
      `地区码 ${regionCode} 无效：前两位 ${province} 不是省级行政区划代码`,
      `Region code ${regionCode} is invalid: ${province} is not a province-level code`,
    );
  }
  if (!PROVINCE_ONLY_CODES.has(province) && regionCode.slice(2, 4) === '00') {
    return invalid(
      `地区码 ${regionCode} 无效：缺少地市级代码`,
      `Region code ${regionCode} is invalid: it names no prefecture`,
    );
  }
  return valid(regionCode);
}

function checkBirthDate(digits: string, today: string): Validation<string> {
  const birthDate = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
  if (!isIsoDate(birthDate)) {
    return invalid(`出生日期 ${birthDate} 不存在`, `Birth date ${birthDate} does not exist`);
  }
  if (birthDate < EARLIEST_BIRTH_DATE) {
    return invalid(
      `出生日期 ${birthDate} 早于 ${EARLIEST_BIRTH_DATE}`,
      `Birth date ${birthDate} is before ${EARLIEST_BIRTH_DATE}`,
    );
  }
  if (birthDate > today) {
    return invalid(`出生日期 ${birthDate} 晚于今天`, `Birth date ${birthDate} is in the future`);
  }
  return valid(birthDate);
}

/**
 * Validates an 18-character resident identity number. Full-width characters, a lower-case x and surrounding
 * spaces are accepted and normalised. `today` (YYYY-MM-DD) bounds the birth date; it defaults to today in China.
 */
export function validateResidentId(
  input: string,
  today: string = todayInShanghai(new Date()),
): Validation<ResidentId> {
  const idNumber = input.normalize('NFKC').trim().toUpperCase();
  if (idNumber.length !== 18) {
    const isLegacyNumber = /^\d{15}$/.test(idNumber);
    return invalid(
      `身份证号码应为 18 位，实际为 ${idNumber.length} 位${isLegacyNumber ? '（15 位旧号码请换用 18 位号码）' : ''}`,
      `An ID number has 18 characters, this one has ${idNumber.length}${isLegacyNumber ? ' (use the 18-digit number, not the old 15-digit one)' : ''}`,
    );
  }
  const badPosition = [...idNumber].findIndex(
    (char, index) => !(/\d/.test(char) || (index === 17 && char === 'X')),
  );
  if (badPosition >= 0) {
    const char = idNumber[badPosition];
    return invalid(
      `第 ${badPosition + 1} 位字符「${char}」不合法：前 17 位只能是数字，最后一位是数字或 X`,
      `Character ${badPosition + 1} ("${char}") is not allowed: the first 17 must be digits, the last a digit or X`,
    );
  }
  const region = checkRegion(idNumber.slice(0, 6));
  if (!region.ok) return region;
  const birthDate = checkBirthDate(idNumber.slice(6, 14), today);
  if (!birthDate.ok) return birthDate;
  const expected = checkCharacter(idNumber.slice(0, 17));
  const actual = idNumber[17];
  if (actual !== expected) {
    return invalid(
      `校验位错误：应为 ${expected}，实际为 ${actual}`,
      `Check digit is wrong: expected ${expected}, got ${actual}`,
    );
  }
  return valid({
    idNumber,
    birthDate: birthDate.value,
    // The 17th digit is the order code: odd for men, even for women.
    sex: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female',
    regionCode: region.value,
  });
}

/**
 * Masks an identity document number for display and logs: the first 4 and last 4 characters stay, the rest
 * becomes `*`. A number of 8 characters or fewer would be shown whole that way, so it is masked completely.
 */
export function maskIdNumber(idNumber: string): string {
  const trimmed = idNumber.trim();
  if (trimmed.length <= 8) return '*'.repeat(trimmed.length);
  return `${trimmed.slice(0, 4)}${'*'.repeat(trimmed.length - 8)}${trimmed.slice(-4)}`;
}
