import type { OfflineVerifier, StaffProfile } from '../device.repository';

/** OWASP's 2023 minimum for PBKDF2-HMAC-SHA256; a low-end tablet derives it in well under a second. */
export const OFFLINE_VERIFIER_ITERATIONS = 210_000;

const SALT_BYTES = 16;
const HASH_BITS = 256;

/** A verifier of `password` for `profile` under a fresh random salt. */
export async function createOfflineVerifier(
  profile: StaffProfile,
  password: string,
  iterations = OFFLINE_VERIFIER_ITERATIONS,
): Promise<OfflineVerifier> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, iterations);
  return { profile, algorithm: 'PBKDF2-SHA256', salt: toBase64(salt), iterations, hash: toBase64(hash) };
}

/** Whether `password` is the one the verifier was made from; the comparison takes the same time either way. */
export async function matchesOfflineVerifier(verifier: OfflineVerifier, password: string): Promise<boolean> {
  const expected = fromBase64(verifier.hash);
  const actual = await derive(password, fromBase64(verifier.salt), verifier.iterations);
  return constantTimeEqual(expected, actual);
}

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as Uint8Array<ArrayBuffer>, iterations },
    key,
    HASH_BITS,
  );
  return new Uint8Array(bits);
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}

const toBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));

const fromBase64 = (text: string): Uint8Array => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
