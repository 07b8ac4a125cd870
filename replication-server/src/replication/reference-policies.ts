import { holidayYearSchema } from '../../../src/domain/calendar/holiday-year.schema';
import { validateCatalog } from '../../../src/domain/catalog/catalog-validation';
import { stationSchema } from '../../../src/domain/organisation/organisation.schema';
import type { Principal } from '../auth/principal';
import type { PushDecision, PushPolicy, ReplicatedDocument } from '../store/store';
import { schemaCheck } from './schema-check';

const checkStation = schemaCheck(stationSchema, { zh: '站点', en: 'station' });
const checkHolidayYear = schemaCheck(holidayYearSchema, { zh: '节假日安排', en: 'holiday calendar' });

const reject = (zh: string, en: string): PushDecision => ({ ok: false, reason: { zh, en } });
const EVERYONE: PushDecision = { ok: true, tags: [] };

/** Reference data (catalog, calendars, stations) is published by administrators and read by every account. */
function adminOnly(principal: Principal, check: (document: ReplicatedDocument) => PushDecision): PushPolicy {
  return {
    decide: ({ row }) =>
      principal.role === 'admin'
        ? check(row.newDocumentState)
        : reject('只有管理员可以发布基础数据', 'Only administrators can publish reference data'),
  };
}

/** A catalog document is `{ id: String(version), version, publishedAt, catalog }`. */
export const catalogPolicy = (principal: Principal): PushPolicy =>
  adminOnly(principal, (document) => {
    const result = validateCatalog(document['catalog']);
    if (!result.ok) return { ok: false, reason: result.error };
    const { version, publishedAt } = result.value;
    if (
      document.id !== String(version) ||
      document['version'] !== version ||
      document['publishedAt'] !== publishedAt
    ) {
      return reject(
        '目录文档的编号、版本与发布时间必须与目录一致',
        'The catalog document must match its catalog version',
      );
    }
    return EVERYONE;
  });

/** A calendar document is a holiday year with `id: String(year)`. */
export const calendarPolicy = (principal: Principal): PushPolicy =>
  adminOnly(principal, (document) => {
    const { id, ...holidayYear } = document;
    const problem = checkHolidayYear(holidayYear as ReplicatedDocument);
    if (problem !== undefined) return { ok: false, reason: problem };
    if (id !== String(document['year'])) {
      return reject('节假日文档的编号必须是年份', 'A holiday calendar document id must be its year');
    }
    return EVERYONE;
  });

export const stationPolicy = (principal: Principal): PushPolicy =>
  adminOnly(principal, (document) => {
    const problem = checkStation(document);
    return problem === undefined ? EVERYONE : { ok: false, reason: problem };
  });
