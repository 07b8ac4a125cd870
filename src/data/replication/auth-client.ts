import { BehaviorSubject, type Observable } from 'rxjs';
import { invalid, type LocalizedMessage, type Validation, valid } from '../../domain/localized-message';
import type { Role } from '../../domain/organisation/organisation.schema';
import type { DeviceRepository, ServerSession, StaffProfile } from '../device.repository';
import { createOfflineVerifier, matchesOfflineVerifier } from './offline-verifier';
import { browserOnlineSignal, type OnlineSignal } from './online-signal';
import { callServer, jsonBody, readJson, ServerRefusedError, ServerUnreachableError } from './server-api';

export interface SignedIn {
  readonly profile: StaffProfile;
  /** 'offline': verified against this device's offline verifier; there is no server session until an online sign-in. */
  readonly mode: 'online' | 'offline';
}

/** 'signed-out': the server no longer accepts the session (signed out elsewhere, revoked, or expired). */
export type RefreshOutcome = 'refreshed' | 'signed-out';

export interface AuthClient {
  /**
   * Signs in at the sync server and keeps the session and an offline verifier on this device. When the server cannot
   * be reached it falls back to signInOffline; a refusal (wrong password) comes back as the server's message.
   */
  signIn(serverUrl: string, staffId: string, password: string): Promise<Validation<SignedIn>>;
  /** Signs in with the verifier kept by an earlier online sign-in on this device. */
  signInOffline(staffId: string, password: string): Promise<Validation<SignedIn>>;
  /** New tokens for the refresh token. Throws ServerUnreachableError when it cannot tell. */
  refresh(): Promise<RefreshOutcome>;
  /** Ends the session here (always) and at the server (when it can be reached); cases and unsent changes stay. */
  signOut(): Promise<void>;
  observeSession(): Observable<ServerSession | undefined>;
  /** Why the server ended the last session (revoked, expired); undefined after a sign-in. Not kept across reloads. */
  observeSessionEnded(): Observable<LocalizedMessage | undefined>;
  /**
   * `fetch` with the access token, refreshed shortly before it expires and once more after a 401. Throws
   * SessionEndedError when the server will not take the session, otherwise as callServer does.
   */
  authorizedFetch(url: string, init?: RequestInit, timeoutMs?: number): Promise<Response>;
}

/** The server no longer accepts this device's session: the clerk must sign in again before syncing. */
export class SessionEndedError extends Error {
  override readonly name = 'SessionEndedError';
  readonly localizedMessage: LocalizedMessage = {
    zh: '登录已失效，请重新登录后继续同步',
    en: 'The sign-in has ended; sign in again to keep syncing',
  };
}

export interface AuthClientOptions {
  readonly device: DeviceRepository;
  /** Defaults to the browser's navigator.onLine. */
  readonly online?: OnlineSignal;
  readonly fetch?: typeof fetch;
}

/** What POST /api/auth/sign-in and /api/auth/refresh answer. */
interface TokenAnswer {
  readonly accessToken: string;
  readonly accessTokenExpiresAt: number;
  readonly refreshToken: string;
  readonly refreshTokenExpiresAt: number;
  readonly staff: {
    readonly id: string;
    readonly name: string;
    readonly role: Role;
    readonly stationId?: string;
    readonly departmentCode?: string;
  };
}

/** Refresh this long before the access token expires, so no request goes out with a token about to lapse. */
const REFRESH_MARGIN_MS = 60_000;
const SIGN_OUT_TIMEOUT_MS = 10_000;

const WRONG_PASSWORD = invalid<SignedIn>('密码错误', 'Wrong password');
const NO_OFFLINE_RECORD = invalid<SignedIn>(
  '无法连接服务器，且该账号未在本设备上登录过，请联网后登录',
  'Cannot reach the server, and this account has never signed in on this device; connect to sign in',
);

export function createAuthClient(options: AuthClientOptions): AuthClient {
  const { device } = options;
  const online = options.online ?? browserOnlineSignal();
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  let refreshing: Promise<RefreshOutcome> | undefined;
  const sessionEnded$ = new BehaviorSubject<LocalizedMessage | undefined>(undefined);

  /** The server will not take `session` any more: forget it, saying why first so the status never shows less. */
  const endSession = async (session: ServerSession): Promise<void> => {
    sessionEnded$.next(new SessionEndedError().localizedMessage);
    await device.replaceSession(session, undefined);
  };

  const signInOffline = async (staffId: string, password: string): Promise<Validation<SignedIn>> => {
    const verifier = await device.getOfflineVerifier(staffId);
    if (verifier === undefined) return NO_OFFLINE_RECORD;
    if (!(await matchesOfflineVerifier(verifier, password))) return WRONG_PASSWORD;
    // A session of the same person survives (e.g. after the app was closed); another person's does not.
    const session = await device.getSession();
    const kept = session?.staffId === staffId ? session : undefined;
    await device.setSignedIn(verifier.profile, kept);
    if (kept !== undefined) sessionEnded$.next(undefined);
    return valid({ profile: verifier.profile, mode: 'offline' });
  };

  const doRefresh = async (): Promise<RefreshOutcome> => {
    const session = await device.getSession();
    if (session === undefined) return 'signed-out';
    try {
      const response = await callServer(fetchImpl, `${session.serverUrl}/api/auth/refresh`, {
        method: 'POST',
        ...jsonBody({ refreshToken: session.refreshToken }),
      });
      const answer = await readJson<TokenAnswer>(response);
      await device.replaceSession(session, sessionOf(session.serverUrl, answer));
      return 'refreshed';
    } catch (error) {
      if (error instanceof ServerRefusedError && error.status === 401) {
        await endSession(session);
        return 'signed-out';
      }
      throw error;
    }
  };

  // A refresh token works once: two refreshes at the same time would look like a stolen token and end the session.
  const refresh = (): Promise<RefreshOutcome> => {
    refreshing ??= doRefresh().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  };

  const currentSession = async (): Promise<ServerSession> => {
    const session = await device.getSession();
    if (session === undefined) throw new SessionEndedError();
    if (session.accessTokenExpiresAt - Date.now() > REFRESH_MARGIN_MS) return session;
    if ((await refresh()) === 'signed-out') throw new SessionEndedError();
    const refreshed = await device.getSession();
    if (refreshed === undefined) throw new SessionEndedError();
    return refreshed;
  };

  const authorizedFetch = async (url: string, init: RequestInit = {}, timeoutMs?: number) => {
    const send = (session: ServerSession) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${session.accessToken}`);
      return callServer(fetchImpl, url, { ...init, headers }, timeoutMs);
    };
    const session = await currentSession();
    try {
      return await send(session);
    } catch (error) {
      if (!(error instanceof ServerRefusedError && error.status === 401)) throw error;
    }
    // Another request may have refreshed meanwhile; otherwise the token was revoked or outlived: refresh once.
    const stored = await device.getSession();
    if (stored === undefined) throw new SessionEndedError();
    if (stored.accessToken === session.accessToken && (await refresh()) === 'signed-out') {
      throw new SessionEndedError();
    }
    const retried = await device.getSession();
    if (retried === undefined) throw new SessionEndedError();
    try {
      return await send(retried);
    } catch (error) {
      if (!(error instanceof ServerRefusedError && error.status === 401)) throw error;
      await endSession(retried);
      throw new SessionEndedError();
    }
  };

  return {
    signIn: async (serverUrl, staffId, password) => {
      const server = serverUrl.replace(/\/+$/, '');
      if (!online.isOnline()) return signInOffline(staffId, password);
      let answer: TokenAnswer;
      try {
        const response = await callServer(fetchImpl, `${server}/api/auth/sign-in`, {
          method: 'POST',
          ...jsonBody({ staffId, password }),
        });
        answer = await readJson<TokenAnswer>(response);
      } catch (error) {
        if (error instanceof ServerUnreachableError) return signInOffline(staffId, password);
        if (error instanceof ServerRefusedError) return { ok: false, error: error.reason };
        throw error;
      }
      const profile = profileOf(answer);
      const verifier = await createOfflineVerifier(profile, password);
      sessionEnded$.next(undefined);
      await device.setSignedIn(profile, sessionOf(server, answer));
      await device.putOfflineVerifier(verifier);
      return valid({ profile, mode: 'online' });
    },

    signInOffline,
    refresh,

    signOut: async () => {
      const session = await device.getSession();
      await device.clearSignIn();
      if (session === undefined || !online.isOnline()) return;
      try {
        await callServer(
          fetchImpl,
          `${session.serverUrl}/api/auth/sign-out`,
          { method: 'POST', headers: { authorization: `Bearer ${session.accessToken}` } },
          SIGN_OUT_TIMEOUT_MS,
        );
      } catch {
        // Signed out here regardless; the server forgets the session when its refresh token expires.
      }
    },

    observeSession: () => device.observeSession(),
    observeSessionEnded: () => sessionEnded$.asObservable(),
    authorizedFetch,
  };
}

function profileOf({ staff }: TokenAnswer): StaffProfile {
  return {
    staffId: staff.id,
    name: staff.name,
    role: staff.role,
    ...(staff.stationId === undefined ? {} : { stationId: staff.stationId }),
    ...(staff.departmentCode === undefined ? {} : { departmentCode: staff.departmentCode }),
  };
}

/** The session with the server's expiry times moved onto this device's clock, using the token's issue time. */
function sessionOf(serverUrl: string, answer: TokenAnswer): ServerSession {
  const issuedAt = issuedAtOf(answer.accessToken);
  const skew = issuedAt === undefined ? 0 : Date.now() - issuedAt;
  return {
    serverUrl,
    staffId: answer.staff.id,
    role: answer.staff.role,
    accessToken: answer.accessToken,
    accessTokenExpiresAt: answer.accessTokenExpiresAt + skew,
    refreshToken: answer.refreshToken,
    refreshTokenExpiresAt: answer.refreshTokenExpiresAt + skew,
  };
}

/** The `iat` claim of a JWT in epoch milliseconds; the signature is the server's business, not the client's. */
function issuedAtOf(token: string): number | undefined {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(
      payload
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(payload.length / 4) * 4, '='),
    );
    const { iat } = JSON.parse(json) as { iat?: unknown };
    return typeof iat === 'number' ? iat * 1000 : undefined;
  } catch {
    return undefined;
  }
}
