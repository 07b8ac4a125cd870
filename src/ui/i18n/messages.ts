import type { LocalizedMessage } from '../../domain/localized-message';
import { en } from './en';
import { zh } from './zh';

export type MessageKey = keyof typeof zh;
export type Messages = { readonly [K in MessageKey]: string };
export type MessageParams = Readonly<Record<string, string | number>>;

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

const dictionaries: Readonly<Record<Locale, Messages>> = { 'zh-CN': zh, en };

/** Looks the key up in the locale's dictionary and fills `{name}` placeholders from `params`. */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const message = dictionaries[locale][key];
  if (params === undefined) return message;
  return message.replace(/\{(\w+)\}/g, (placeholder, name: string) => String(params[name] ?? placeholder));
}

/** Picks the side of a domain message that matches the locale. */
export function localize(locale: Locale, message: LocalizedMessage): string {
  return locale === 'en' ? message.en : message.zh;
}

const LOCALE_STORAGE_KEY = 'jb.locale';

const isLocale = (value: string | null): value is Locale => LOCALES.some((locale) => locale === value);

export function loadLocale(): Locale {
  const stored = localStorage.getItem(LOCALE_STORAGE_KEY);
  return isLocale(stored) ? stored : DEFAULT_LOCALE;
}

export function saveLocale(locale: Locale): void {
  localStorage.setItem(LOCALE_STORAGE_KEY, locale);
}
