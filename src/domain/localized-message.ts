/** Every message a person may read is written in Chinese first and English second. */
export interface LocalizedMessage {
  readonly zh: string;
  readonly en: string;
}

export type Validation<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: LocalizedMessage };

export const valid = <T>(value: T): Validation<T> => ({ ok: true, value });
export const invalid = <T = never>(zh: string, en: string): Validation<T> => ({
  ok: false,
  error: { zh, en },
});
