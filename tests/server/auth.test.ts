import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearer, DEMO_PASSWORD, pull, signIn, startTestServer, type TestServer } from './test-server';

describe('accounts and tokens', () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  const refresh = (refreshToken: string) =>
    server.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken } });

  it('signs a demo clerk in with tokens, the account and an offline verifier recipe but no hash', async () => {
    const { body } = await signIn(server.app, 'clerk-gtzx-wang');
    expect(body['staff']).toEqual({
      id: 'clerk-gtzx-wang',
      name: '王海燕',
      role: 'clerk',
      stationId: 'GTZX',
    });
    const account = await server.store.getAccount('clerk-gtzx-wang');
    expect(body['offlineVerifier']).toEqual({
      algorithm: 'PBKDF2-SHA256',
      salt: account!.offlineSalt,
      iterations: 1000,
    });
    const text = JSON.stringify(body);
    expect(text).not.toContain(account!.password.hash);
    expect(text).not.toContain(account!.password.salt);
  });

  it('sets the access token as an httpOnly cookie', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { staffId: 'clerk-gtzx-wang', password: DEMO_PASSWORD },
    });
    const cookie = response.cookies.find((c) => c.name === 'jb_access');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api' });
    const viaCookie = await server.app.inject({
      method: 'GET',
      url: '/api/replication/stations/pull',
      cookies: { jb_access: cookie!.value },
    });
    expect(viaCookie.statusCode).toBe(200);
  });

  it('refuses a wrong password and an unknown account with the same answer', async () => {
    const wrong = await server.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { staffId: 'clerk-gtzx-wang', password: 'nope' },
    });
    const unknown = await server.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { staffId: 'nobody', password: 'nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('answers 401 once the access token has expired', async () => {
    const { accessToken } = await signIn(server.app, 'clerk-gtzx-wang');
    expect((await pull(server.app, accessToken, 'stations')).statusCode).toBe(200);
    server.advanceClock(16 * 60 * 1000);
    expect((await pull(server.app, accessToken, 'stations')).statusCode).toBe(401);
  });

  it('refreshes once per refresh token and revokes the session when an old one comes back', async () => {
    const first = await signIn(server.app, 'clerk-gtzx-wang');
    const refreshed = await refresh(first.refreshToken);
    expect(refreshed.statusCode).toBe(200);
    const second = refreshed.json() as { accessToken: string; refreshToken: string };
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await pull(server.app, second.accessToken, 'stations')).statusCode).toBe(200);

    expect((await refresh(first.refreshToken)).statusCode).toBe(401);
    expect((await refresh(second.refreshToken)).statusCode).toBe(401);
    expect((await pull(server.app, second.accessToken, 'stations')).statusCode).toBe(401);
  });

  it('signs out: the access and refresh tokens stop working', async () => {
    const session = await signIn(server.app, 'clerk-gtzx-wang');
    const signOut = await server.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: bearer(session.accessToken),
    });
    expect(signOut.statusCode).toBe(204);
    expect((await pull(server.app, session.accessToken, 'stations')).statusCode).toBe(401);
    expect((await refresh(session.refreshToken)).statusCode).toBe(401);
  });

  it('answers 404 when an admin revokes a token that was never issued', async () => {
    const admin = await signIn(server.app, 'admin-lin');
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/admin/tokens/unknown/revoke',
      headers: bearer(admin.accessToken),
    });
    expect(response.statusCode).toBe(404);
  });
});
