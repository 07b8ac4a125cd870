import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { ROLES, type Role } from '../../../src/domain/organisation/organisation.schema';
import type { Account, Store } from '../store/store';
import type { Principal } from './principal';

export interface IssuedTokens {
  readonly accessToken: string;
  /** Epoch milliseconds. */
  readonly accessTokenExpiresAt: number;
  readonly refreshToken: string;
  readonly refreshTokenExpiresAt: number;
  readonly principal: Principal;
}

export interface TokenServiceOptions {
  readonly secret: Uint8Array;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  readonly now?: () => number;
}

const ISSUER = 'jinban-sync';

const hashRefreshSecret = (secret: string): string => createHash('sha256').update(secret).digest('base64url');

/**
 * Short-lived HS256 access tokens plus opaque refresh tokens (`<sessionId>.<secret>`, stored hashed). A refresh
 * token works once: refreshing rotates it, and presenting an old one revokes the whole session, because only a
 * stolen copy would still be using it.
 */
export class TokenService {
  private readonly _now: () => number;

  constructor(
    private readonly _store: Store,
    private readonly _options: TokenServiceOptions,
  ) {
    this._now = _options.now ?? Date.now;
  }

  async signIn(account: Account): Promise<IssuedTokens> {
    const sessionId = randomUUID();
    const refreshSecret = randomBytes(32).toString('base64url');
    const refreshTokenExpiresAt = this._now() + this._options.refreshTokenTtlSeconds * 1000;
    await this._store.createSession({
      sessionId,
      staffId: account.staffId,
      refreshTokenHash: hashRefreshSecret(refreshSecret),
      expiresAt: refreshTokenExpiresAt,
    });
    return this._issue(account, sessionId, `${sessionId}.${refreshSecret}`, refreshTokenExpiresAt);
  }

  /** New tokens for a valid refresh token; undefined for an unknown, expired, revoked or reused one. */
  async refresh(refreshToken: string): Promise<IssuedTokens | undefined> {
    const [sessionId, secret] = refreshToken.split('.');
    if (sessionId === undefined || secret === undefined) return undefined;
    const session = await this._store.getSession(sessionId);
    if (session === undefined || session.revoked || session.expiresAt <= this._now()) return undefined;
    if (session.refreshTokenHash !== hashRefreshSecret(secret)) {
      await this._store.revokeSession(sessionId);
      return undefined;
    }
    const account = await this._store.getAccount(session.staffId);
    if (account === undefined) return undefined;
    const nextSecret = randomBytes(32).toString('base64url');
    const refreshTokenExpiresAt = this._now() + this._options.refreshTokenTtlSeconds * 1000;
    const rotated = await this._store.rotateRefreshToken(
      sessionId,
      session.refreshTokenHash,
      hashRefreshSecret(nextSecret),
      refreshTokenExpiresAt,
    );
    if (!rotated) return undefined;
    return this._issue(account, sessionId, `${sessionId}.${nextSecret}`, refreshTokenExpiresAt);
  }

  private async _issue(
    account: Account,
    sessionId: string,
    refreshToken: string,
    refreshTokenExpiresAt: number,
  ): Promise<IssuedTokens> {
    const jti = randomUUID();
    const issuedAt = Math.floor(this._now() / 1000);
    const expiresAtSeconds = issuedAt + this._options.accessTokenTtlSeconds;
    const accessToken = await new SignJWT({
      role: account.role,
      name: account.name,
      sid: sessionId,
      ...(account.stationId === undefined ? {} : { stationId: account.stationId }),
      ...(account.departmentCode === undefined ? {} : { departmentCode: account.departmentCode }),
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setSubject(account.staffId)
      .setJti(jti)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAtSeconds)
      .sign(this._options.secret);
    const accessTokenExpiresAt = expiresAtSeconds * 1000;
    await this._store.recordAccessToken({
      jti,
      sessionId,
      staffId: account.staffId,
      expiresAt: accessTokenExpiresAt,
    });
    return {
      accessToken,
      accessTokenExpiresAt,
      refreshToken,
      refreshTokenExpiresAt,
      principal: principalOf(account, jti, sessionId, accessTokenExpiresAt),
    };
  }

  /** The caller behind a valid, unexpired, unrevoked access token; undefined otherwise. */
  async verify(accessToken: string): Promise<Principal | undefined> {
    try {
      const { payload } = await jwtVerify(accessToken, this._options.secret, {
        issuer: ISSUER,
        algorithms: ['HS256'],
        currentDate: new Date(this._now()),
      });
      const role = payload['role'];
      const sessionId = payload['sid'];
      if (
        typeof payload.sub !== 'string' ||
        typeof payload.jti !== 'string' ||
        typeof payload.exp !== 'number' ||
        typeof sessionId !== 'string' ||
        !ROLES.includes(role as Role)
      ) {
        return undefined;
      }
      if (await this._store.isAccessTokenRevoked(payload.jti)) return undefined;
      const stationId = payload['stationId'];
      const departmentCode = payload['departmentCode'];
      return {
        staffId: payload.sub,
        name: typeof payload['name'] === 'string' ? payload['name'] : payload.sub,
        role: role as Role,
        ...(typeof stationId === 'string' ? { stationId } : {}),
        ...(typeof departmentCode === 'string' ? { departmentCode } : {}),
        jti: payload.jti,
        sessionId,
        expiresAt: payload.exp * 1000,
      };
    } catch {
      return undefined;
    }
  }

  signOut(principal: Principal): Promise<void> {
    return this._store.revokeSession(principal.sessionId);
  }
}

function principalOf(account: Account, jti: string, sessionId: string, expiresAt: number): Principal {
  return {
    staffId: account.staffId,
    name: account.name,
    role: account.role,
    ...(account.stationId === undefined ? {} : { stationId: account.stationId }),
    ...(account.departmentCode === undefined ? {} : { departmentCode: account.departmentCode }),
    jti,
    sessionId,
    expiresAt,
  };
}
