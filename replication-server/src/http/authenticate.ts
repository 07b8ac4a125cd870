import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Principal } from '../auth/principal';
import type { TokenService } from '../auth/token-service';
import { MESSAGES } from './messages';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}

export const ACCESS_COOKIE = 'jb_access';
export const REFRESH_COOKIE = 'jb_refresh';

/** A browser EventSource cannot send headers, so the access token may come as a cookie as well as a bearer header. */
export function accessTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match?.[1];
  }
  return request.cookies[ACCESS_COOKIE];
}

/** onRequest hook: 401 unless the request carries a valid access token; sets request.principal. */
export function requireSignIn(tokens: TokenService): onRequestHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const token = accessTokenOf(request);
    const principal = token === undefined ? undefined : await tokens.verify(token);
    if (principal === undefined) {
      await reply.code(401).send({ reason: MESSAGES.unauthenticated });
      return;
    }
    request.principal = principal;
  };
}

/** The principal of a route behind requireSignIn. */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === undefined) throw new Error('Route is missing the requireSignIn hook');
  return request.principal;
}
