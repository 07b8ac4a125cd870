import { pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { PasswordHash } from '../store/store';

const derive = promisify(pbkdf2);
const KEY_BYTES = 32;

export const newSalt = (): string => randomBytes(16).toString('base64url');

async function deriveKey(password: string, salt: string, iterations: number): Promise<Buffer> {
  return derive(password.normalize('NFC'), salt, iterations, KEY_BYTES, 'sha256');
}

export async function hashPassword(password: string, iterations: number): Promise<PasswordHash> {
  const salt = newSalt();
  const key = await deriveKey(password, salt, iterations);
  return { algorithm: 'pbkdf2-sha256', salt, iterations, hash: key.toString('base64url') };
}

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const key = await deriveKey(password, stored.salt, stored.iterations);
  const expected = Buffer.from(stored.hash, 'base64url');
  return expected.length === key.length && timingSafeEqual(expected, key);
}
