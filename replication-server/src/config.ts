import { resolve } from 'node:path';

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Postgres when set; otherwise SQLite at `<dataDir>/jinban.sqlite`. */
  readonly databaseUrl: string | undefined;
  /** PostgreSQL schema to create and use instead of `public` (one county per schema, or one per test run). */
  readonly databaseSchema: string | undefined;
  /** Connections in this instance's PostgreSQL pool; the change bus opens up to 3 more. */
  readonly databasePoolSize: number;
  /** HS256 secret for access tokens; when unset one is generated and kept under dataDir. */
  readonly tokenSecret: string | undefined;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  readonly passwordIterations: number;
  readonly bodyLimitBytes: number;
  readonly maxPushRows: number;
  readonly maxPullLimit: number;
  readonly rateLimitPerMinute: number;
  /** The built client app, served with SPA fallback when the folder exists. */
  readonly distDir: string;
  readonly logLevel: string;
  /** Send cookies with `Secure`; on by default, off for plain-http local demos. */
  readonly secureCookies: boolean;
  /**
   * Seed an empty database with the demo county, its catalog and demo accounts. Off unless asked for: the demo
   * passwords are published, so a real deployment must never get them by accident.
   */
  readonly demoData: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative integer: ${raw}`);
  return value;
}

export function loadConfig(env: Env = process.env): ServerConfig {
  const host = env['HOST'] || '127.0.0.1';
  return {
    port: integer(env, 'PORT', 8787),
    host,
    dataDir: resolve(env['DATA_DIR'] || './data'),
    databaseUrl: env['DATABASE_URL'] || undefined,
    databaseSchema: env['DATABASE_SCHEMA'] || undefined,
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 10),
    tokenSecret: env['JINBAN_TOKEN_SECRET'] || undefined,
    accessTokenTtlSeconds: integer(env, 'ACCESS_TOKEN_TTL_SECONDS', 15 * 60),
    refreshTokenTtlSeconds: integer(env, 'REFRESH_TOKEN_TTL_SECONDS', 30 * 24 * 60 * 60),
    // OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.
    passwordIterations: integer(env, 'PASSWORD_ITERATIONS', 600_000),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 5 * 1024 * 1024),
    maxPushRows: integer(env, 'MAX_PUSH_ROWS', 1000),
    maxPullLimit: integer(env, 'MAX_PULL_LIMIT', 1000),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 600),
    distDir: resolve(env['DIST_DIR'] || './dist'),
    logLevel: env['LOG_LEVEL'] || 'info',
    secureCookies:
      (env['SECURE_COOKIES'] ?? (host === '127.0.0.1' || host === 'localhost' ? 'false' : 'true')) === 'true',
    demoData: env['JINBAN_DEMO'] === '1' || env['JINBAN_DEMO'] === 'true',
  };
}
