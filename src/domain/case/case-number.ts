import { isIsoDate } from '../calendar/iso-date';
import { invalid, type Validation, valid } from '../localized-message';

/**
 * Case numbers (办件编号), e.g. `330522-QX01-261123-7K2M-0042-X`:
 *
 *   region code (6 digits) - station id (4 × A-Z0-9) - date YYMMDD - device code (4 × Crockford base32)
 *   - sequence per device and day (0001–9999) - check character
 *
 * Why a tablet can issue them offline and still be unique across the province, with no server round trip:
 * region code + station id name exactly one station (the station id alone need only be unique within its
 * county). Within a station every installation of the app holds a device code drawn at random once, and each
 * installation numbers its own cases per day without gaps or repeats (`nextSequence`). Two numbers can only
 * coincide if two installations of the same station drew the same device code and issued the same sequence on
 * the same day. With 32⁴ = 1,048,576 codes, the chance that any two of n installations at one station collide
 * is about n(n−1)/2 / 1,048,576: 4 × 10⁻⁵ for 10 installations, 0.12 % for 50. The sync server learns every
 * device code of a station when the device first syncs and can tell a colliding device to draw a new code.
 *
 * The check character is ISO 7064 hybrid MOD 37,36 over the 24 payload characters, so it is itself one of
 * 0-9A-Z (the scheme of the music industry's GRid, whose sample A1-2425G-ABC1234002-M it reproduces). It detects every single-character substitution; the fixed length (dashes aside) detects every
 * inserted or dropped character. It also catches nearly all (about 99.9 %) swaps of two adjacent characters,
 * but not every one — read back a number in full when in doubt.
 */
export interface CaseNumberParts {
  /** Six-digit administrative division code of the station (Station.regionCode). */
  readonly regionCode: string;
  /** Station.id */
  readonly stationId: string;
  /** Day of issue, YYYY-MM-DD between 2000-01-01 and 2099-12-31. */
  readonly date: string;
  readonly deviceCode: string;
  /** 1–9999 */
  readonly seq: number;
}

/** The last case number a device issued, as far as numbering is concerned. */
export interface IssuedSequence {
  /** YYYY-MM-DD */
  readonly date: string;
  readonly seq: number;
}

export const MAX_DAILY_SEQUENCE = 9999;

/** Crockford base32: digits and upper-case letters without I, L, O and U, which are easily misread. */
const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHECK_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const COMPACT_LENGTH = 25;

/** Draws a device code once per installation; `random` returns values in [0, 1) like Math.random. */
export function generateDeviceCode(random: () => number): string {
  let code = '';
  for (let i = 0; i < 4; i++) {
    const index = Math.min(CROCKFORD_ALPHABET.length - 1, Math.floor(random() * CROCKFORD_ALPHABET.length));
    code += CROCKFORD_ALPHABET[index];
  }
  return code;
}

/** ISO 7064 hybrid system MOD 37,36: M = 36 over the alphabet 0-9A-Z. */
function checkCharacter(payload: string): string {
  let product = 36;
  for (const char of payload) {
    const sum = (product + CHECK_ALPHABET.indexOf(char)) % 36 || 36;
    product = (sum * 2) % 37;
  }
  return CHECK_ALPHABET[(37 - product) % 36]!;
}

function payloadOf(parts: CaseNumberParts): string {
  return `${parts.regionCode}${parts.stationId}${parts.date.slice(2).replaceAll('-', '')}${parts.deviceCode}${String(parts.seq).padStart(4, '0')}`;
}

function checkParts(parts: CaseNumberParts): Validation<CaseNumberParts> {
  if (!/^[1-8]\d{5}$/.test(parts.regionCode)) {
    return invalid(
      `地区码 ${parts.regionCode} 无效：应为 6 位行政区划代码`,
      `Region code ${parts.regionCode} is invalid: it must be a six-digit division code`,
    );
  }
  if (!/^[A-Z0-9]{4}$/.test(parts.stationId)) {
    return invalid(
      `站点代码 ${parts.stationId} 无效：应为 4 位大写字母或数字`,
      `Station id ${parts.stationId} is invalid: it must be 4 capital letters or digits`,
    );
  }
  if (!isIsoDate(parts.date) || !parts.date.startsWith('20')) {
    return invalid(`日期 ${parts.date} 无效`, `Date ${parts.date} is invalid`);
  }
  if (!new RegExp(`^[${CROCKFORD_ALPHABET}]{4}$`).test(parts.deviceCode)) {
    return invalid(
      `设备码 ${parts.deviceCode} 无效：应为 4 位，不含 I、L、O、U`,
      `Device code ${parts.deviceCode} is invalid: it has 4 characters and never contains I, L, O or U`,
    );
  }
  if (!Number.isInteger(parts.seq) || parts.seq < 1 || parts.seq > MAX_DAILY_SEQUENCE) {
    return invalid(
      `流水号 ${parts.seq} 无效：应在 0001–9999 之间`,
      `Sequence ${parts.seq} is invalid: it must be between 0001 and 9999`,
    );
  }
  return valid(parts);
}

/** Formats parts as a dashed case number; throws on parts that no valid case number has. */
export function formatCaseNumber(parts: CaseNumberParts): string {
  const checked = checkParts(parts);
  if (!checked.ok) throw new RangeError(checked.error.en);
  const payload = payloadOf(parts);
  return [
    payload.slice(0, 6),
    payload.slice(6, 10),
    payload.slice(10, 16),
    payload.slice(16, 20),
    payload.slice(20, 24),
    checkCharacter(payload),
  ].join('-');
}

/** Reads a case number as typed or scanned: any case, with or without dashes and spaces. */
export function parseCaseNumber(text: string): Validation<CaseNumberParts> {
  const compact = text.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
  if (compact.length !== COMPACT_LENGTH) {
    return invalid(
      `办件编号应为 ${COMPACT_LENGTH} 位字母或数字（不计短横线），实际为 ${compact.length} 位`,
      `A case number has ${COMPACT_LENGTH} letters or digits (dashes aside), this one has ${compact.length}`,
    );
  }
  if (!/^[A-Z0-9]+$/.test(compact)) {
    return invalid(
      '办件编号只能包含字母、数字和短横线',
      'A case number contains only letters, digits and dashes',
    );
  }
  const yymmdd = compact.slice(10, 16);
  const date = `20${yymmdd.slice(0, 2)}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
  if (!isIsoDate(date)) {
    return invalid(
      `办件编号中的日期 ${yymmdd} 不存在`,
      `The date ${yymmdd} in the case number does not exist`,
    );
  }
  const sequenceDigits = compact.slice(20, 24);
  if (!/^\d{4}$/.test(sequenceDigits)) {
    return invalid(
      `办件编号中的流水号 ${sequenceDigits} 应为 4 位数字`,
      `The sequence ${sequenceDigits} in the case number must be 4 digits`,
    );
  }
  const parts = checkParts({
    regionCode: compact.slice(0, 6),
    stationId: compact.slice(6, 10),
    date,
    deviceCode: compact.slice(16, 20),
    seq: Number(sequenceDigits),
  });
  if (!parts.ok) return parts;
  const expected = checkCharacter(compact.slice(0, 24));
  const actual = compact[24];
  if (actual !== expected) {
    return invalid(
      `办件编号校验位错误：应为 ${expected}，实际为 ${actual}，请核对编号`,
      `The case number's check character is wrong: expected ${expected}, got ${actual}; please check the number`,
    );
  }
  return parts;
}

/**
 * The sequence for the next case a device issues on `today` (YYYY-MM-DD): 1 on a new day, else one more than
 * the last. A device clock set back before the last day of issue could repeat numbers already given out, so
 * that is refused until the clock is right.
 */
export function nextSequence(
  lastIssued: IssuedSequence | undefined,
  today: string,
): Validation<IssuedSequence> {
  if (!isIsoDate(today)) return invalid(`日期 ${today} 无效`, `Date ${today} is invalid`);
  if (lastIssued === undefined || lastIssued.date < today) return valid({ date: today, seq: 1 });
  if (lastIssued.date > today) {
    return invalid(
      `设备日期 ${today} 早于上次编号日期 ${lastIssued.date}，请校正设备时间后再受理`,
      `The device date ${today} is before the last numbering date ${lastIssued.date}; correct the device clock before accepting cases`,
    );
  }
  if (lastIssued.seq >= MAX_DAILY_SEQUENCE) {
    return invalid(
      `本设备今日办件编号已用完（${MAX_DAILY_SEQUENCE} 个），请换用其他设备`,
      `This device has issued all ${MAX_DAILY_SEQUENCE} case numbers for today; please use another device`,
    );
  }
  return valid({ date: today, seq: lastIssued.seq + 1 });
}
