import { html, type TemplateResult } from 'lit';
import type { Catalog } from '../../domain/catalog/catalog.schema';
import type { ObservableController } from '../controllers/observable-controller';
import type { LocaleController } from '../i18n/locale-controller';

/** What a catalog page shows instead of its content while the catalog is loading, missing or unreadable. */
export function catalogUnavailable(
  i18n: LocaleController,
  catalog: ObservableController<Catalog | undefined>,
): TemplateResult | undefined {
  if (catalog.error !== undefined)
    return html`<p class="status" role="alert">${i18n.t('catalog.readFailed')}</p>`;
  if (!catalog.hasValue) return html`<p class="status" role="status">${i18n.t('catalog.loading')}</p>`;
  if (catalog.value === undefined)
    return html`<p class="status" role="status">${i18n.t('catalog.missing')}</p>`;
  return undefined;
}
