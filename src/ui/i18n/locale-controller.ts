import { ContextConsumer } from '@lit/context';
import type { ReactiveElement } from 'lit';
import type { LocalizedMessage } from '../../domain/localized-message';
import { localeContext } from '../contexts';
import {
  DEFAULT_LOCALE,
  type Locale,
  localize,
  type MessageKey,
  type MessageParams,
  translate,
} from './messages';

/**
 * Gives a component the locale the shell provides, and re-renders it when the clerk switches language.
 * Components translate through this controller and never read the locale any other way.
 */
export class LocaleController {
  private readonly _consumer: ContextConsumer<typeof localeContext, ReactiveElement>;

  constructor(host: ReactiveElement) {
    // The consumer is itself a reactive controller: it asks the host to update whenever the locale changes.
    this._consumer = new ContextConsumer(host, { context: localeContext, subscribe: true });
  }

  get locale(): Locale {
    return this._consumer.value ?? DEFAULT_LOCALE;
  }

  t(key: MessageKey, params?: MessageParams): string {
    return translate(this.locale, key, params);
  }

  localized(message: LocalizedMessage): string {
    return localize(this.locale, message);
  }

  /** The name of a catalog or organisation entry, which carries its English name beside the Chinese one. */
  nameOf(entry: { readonly name: string; readonly nameEn: string }): string {
    return localize(this.locale, { zh: entry.name, en: entry.nameEn });
  }
}
