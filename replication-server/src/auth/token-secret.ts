import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MIN_SECRET_BYTES = 32;

/**
 * The HS256 key: from JINBAN_TOKEN_SECRET when given, otherwise generated once and kept in `<dataDir>/token-secret`
 * so tokens survive a restart.
 */
export function resolveTokenSecret(configured: string | undefined, dataDir: string): Uint8Array {
  if (configured !== undefined) {
    const bytes = new TextEncoder().encode(configured);
    if (bytes.length < MIN_SECRET_BYTES) {
      throw new RangeError(`JINBAN_TOKEN_SECRET must be at least ${MIN_SECRET_BYTES} bytes`);
    }
    return bytes;
  }
  const file = join(dataDir, 'token-secret');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(MIN_SECRET_BYTES);
  writeFileSync(file, secret.toString('base64url'), { mode: 0o600 });
  return secret;
}
