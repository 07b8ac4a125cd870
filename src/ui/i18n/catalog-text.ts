import type { Bundle, ServiceItem } from '../../domain/catalog/catalog.schema';
import type { LocaleController } from './locale-controller';

/** 当场办结 for an item done on the spot, otherwise the promised working days. */
export function promisedTimeText(i18n: LocaleController, entry: ServiceItem | Bundle): string {
  const onTheSpot = 'kind' in entry && entry.kind === 'instant' && entry.promisedDays === 0;
  return onTheSpot
    ? i18n.t('catalog.onTheSpot')
    : i18n.t('catalog.promisedDays', { days: entry.promisedDays });
}

/** 零跑腿 when the applicant need not come at all, otherwise 最多跑 N 次. */
export function tripsText(i18n: LocaleController, maxTrips: number): string {
  return maxTrips === 0 ? i18n.t('catalog.trips.zero') : i18n.t('catalog.trips.max', { trips: maxTrips });
}
