import type { FastifyInstance, FastifyReply } from 'fastify';
import { verifyPassword } from '../auth/passwords';
import type { IssuedTokens, TokenService } from '../auth/token-service';
import type { ServerConfig } from '../config';
import type { Account, Store } from '../store/store';
import { ACCESS_COOKIE, principalOf, REFRESH_COOKIE, requireSignIn } from './authenticate';
import { MESSAGES } from './messages';
import type { StreamConnections } from './stream-connections';

export interface AuthRouteDeps {
  readonly config: ServerConfig;
  readonly store: Store;
  readonly tokens: TokenService;
  readonly streams: StreamConnections;
}

const signInBody = {
  type: 'object',
  additionalProperties: false,
  required: ['staffId', 'password'],
  properties: {
    staffId: { type: 'string', minLength: 1, maxLength: 40 },
    password: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;

const refreshBody = {
  type: 'object',
  additionalProperties: false,
  properties: { refreshToken: { type: 'string', maxLength: 200 } },
} as const;

const SIGN_IN_ATTEMPTS_PER_MINUTE = 20;

export async function authRoutes(app: FastifyInstance, deps: AuthRouteDeps): Promise<void> {
  const { config, store, tokens, streams } = deps;

  const answer = (reply: FastifyReply, account: Account, issued: IssuedTokens) => {
    const cookie = { httpOnly: true, sameSite: 'strict', secure: config.secureCookies } as const;
    reply.setCookie(ACCESS_COOKIE, issued.accessToken, {
      ...cookie,
      path: '/api',
      expires: new Date(issued.accessTokenExpiresAt),
    });
    reply.setCookie(REFRESH_COOKIE, issued.refreshToken, {
      ...cookie,
      path: '/api/auth',
      expires: new Date(issued.refreshTokenExpiresAt),
    });
    return {
      accessToken: issued.accessToken,
      accessTokenExpiresAt: issued.accessTokenExpiresAt,
      refreshToken: issued.refreshToken,
      refreshTokenExpiresAt: issued.refreshTokenExpiresAt,
      staff: {
        id: account.staffId,
        name: account.name,
        role: account.role,
        ...(account.stationId === undefined ? {} : { stationId: account.stationId }),
        ...(account.departmentCode === undefined ? {} : { departmentCode: account.departmentCode }),
      },
      // What a tablet needs to derive its own verifier for offline sign-in; never the server's hash or salt.
      offlineVerifier: {
        algorithm: 'PBKDF2-SHA256',
        salt: account.offlineSalt,
        iterations: account.password.iterations,
      },
    };
  };

  app.post<{ Body: { staffId: string; password: string } }>(
    '/api/auth/sign-in',
    {
      schema: { body: signInBody },
      config: { rateLimit: { max: SIGN_IN_ATTEMPTS_PER_MINUTE, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const account = await store.getAccount(request.body.staffId);
      if (account === undefined || !(await verifyPassword(request.body.password, account.password))) {
        return reply.code(401).send({ reason: MESSAGES.signInFailed });
      }
      return answer(reply, account, await tokens.signIn(account));
    },
  );

  app.post<{ Body: { refreshToken?: string } | undefined }>(
    '/api/auth/refresh',
    {
      schema: { body: refreshBody },
      config: { rateLimit: { max: SIGN_IN_ATTEMPTS_PER_MINUTE, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const refreshToken = request.body?.refreshToken ?? request.cookies[REFRESH_COOKIE];
      const issued = refreshToken === undefined ? undefined : await tokens.refresh(refreshToken);
      const account = issued === undefined ? undefined : await store.getAccount(issued.principal.staffId);
      if (issued === undefined || account === undefined) {
        return reply.code(401).send({ reason: MESSAGES.refreshFailed });
      }
      return answer(reply, account, issued);
    },
  );

  app.post('/api/auth/sign-out', { onRequest: requireSignIn(tokens) }, async (request, reply) => {
    const principal = principalOf(request);
    await tokens.signOut(principal);
    streams.closeSession(principal.sessionId);
    reply.clearCookie(ACCESS_COOKIE, { path: '/api' });
    reply.clearCookie(REFRESH_COOKIE, { path: '/api/auth' });
    return reply.code(204).send();
  });

  app.post<{ Params: { jti: string } }>(
    '/api/admin/tokens/:jti/revoke',
    { onRequest: requireSignIn(tokens) },
    async (request, reply) => {
      if (principalOf(request).role !== 'admin') return reply.code(403).send({ reason: MESSAGES.forbidden });
      const revoked = await store.revokeAccessToken(request.params.jti);
      if (revoked === undefined) return reply.code(404).send({ reason: MESSAGES.unknownToken });
      streams.closeSession(revoked.sessionId);
      request.log.info({ jti: revoked.jti, staffId: revoked.staffId }, 'access token revoked');
      return { revoked: { jti: revoked.jti, staffId: revoked.staffId } };
    },
  );
}
