import type { LocalizedMessage } from '../../domain/localized-message';
import type { MessageKey } from '../i18n/messages';

const isMessage = (value: unknown): value is LocalizedMessage =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as LocalizedMessage).zh === 'string' &&
  typeof (value as LocalizedMessage).en === 'string';

/**
 * What an admin page says when the server could not answer: the server's own refusal (e.g. «无权访问» for anyone but
 * an administrator, or a conflict already resolved), the client's reason (offline, no online session), or a
 * general failure.
 */
export function adminErrorText(
  error: unknown,
  text: { t(key: MessageKey): string; localized(message: LocalizedMessage): string },
): string {
  if (typeof error === 'object' && error !== null) {
    const { reason, localizedMessage } = error as { reason?: unknown; localizedMessage?: unknown };
    if (isMessage(reason)) return text.localized(reason);
    if (isMessage(localizedMessage)) return text.localized(localizedMessage);
  }
  return text.t('admin.failed');
}
