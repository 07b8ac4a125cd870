import { invalid, type Validation, valid } from '../localized-message';

/** Spaces and dashes people type or paste between digit groups (138-0013-8000, 138 0013 8000). */
const SEPARATORS = /[\s-]/g;

/**
 * Validates a mainland China mobile number and returns its 11 digits. Accepts separators, full-width digits
 * and a +86 / 86 country prefix.
 */
export function validateMobile(input: string): Validation<string> {
  const compact = input.normalize('NFKC').replace(SEPARATORS, '');
  if (compact.length === 0) return invalid('请填写手机号码', 'Please enter a mobile number');
  const digits = compact.startsWith('+86')
    ? compact.slice(3)
    : compact.startsWith('86') && compact.length === 13
      ? compact.slice(2)
      : compact;
  if (!/^\d+$/.test(digits)) {
    return invalid(
      '手机号码只能包含数字（可带 +86 前缀）',
      'A mobile number may contain only digits (optionally after +86)',
    );
  }
  if (digits.length !== 11) {
    return invalid(
      `手机号码应为 11 位数字，实际为 ${digits.length} 位`,
      `A mobile number has 11 digits, this one has ${digits.length}`,
    );
  }
  if (!/^1[3-9]/.test(digits)) {
    return invalid('手机号码应以 13–19 开头', 'A mobile number starts with 13 to 19');
  }
  return valid(digits);
}
