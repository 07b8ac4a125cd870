import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStream } from './event-stream';
import { bearer, caseDoc, insert, push, signIn, startTestServer, type TestServer } from './test-server';

const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)),
  ]);

describe('replication stream', () => {
  let server: TestServer;
  let baseUrl: string;

  beforeEach(async () => {
    server = await startTestServer();
    baseUrl = await server.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterEach(async () => {
    await server.close();
  });

  it('starts with RESYNC and then names the collection and seq of each push', async () => {
    const clerk = await signIn(server.app, 'clerk-gtzx-wang');
    const stream = await openStream(baseUrl, bearer(clerk.accessToken));
    try {
      expect(await stream.next()).toEqual({ event: 'resync', data: 'RESYNC' });
      await push(server.app, clerk.accessToken, 'cases', [insert(caseDoc())]);
      const change = await stream.next();
      const latestSeq = await server.store.latestSeq();
      expect(change).toEqual({ event: 'change', data: { collection: 'cases', seq: latestSeq } });
    } finally {
      stream.close();
    }
  });

  it('authenticates with the access cookie as well as a bearer header', async () => {
    const clerk = await signIn(server.app, 'clerk-gtzx-wang');
    const stream = await openStream(baseUrl, { cookie: `jb_access=${clerk.accessToken}` });
    try {
      expect(stream.status).toBe(200);
      expect((await stream.next()).event).toBe('resync');
    } finally {
      stream.close();
    }
  });

  it('says nothing about a push that wrote nothing', async () => {
    const clerk = await signIn(server.app, 'clerk-gtzx-wang');
    await push(server.app, clerk.accessToken, 'cases', [insert(caseDoc())]);
    const stream = await openStream(baseUrl, bearer(clerk.accessToken));
    try {
      await stream.next();
      await push(server.app, clerk.accessToken, 'cases', [insert(caseDoc())]);
      await push(server.app, clerk.accessToken, 'cases', [insert(caseDoc({ id: 'case-2' }))]);
      expect(((await stream.next()).data as { seq: number }).seq).toBe(await server.store.latestSeq());
    } finally {
      stream.close();
    }
  });

  it('refuses a stream whose sign-in check ends after shutdown began, so the server still closes', async () => {
    const clerk = await signIn(server.app, 'clerk-gtzx-wang');
    // The sign-in check reads the store; hold the request there until the server has begun to close.
    const { store } = server;
    const isRevoked = store.isAccessTokenRevoked.bind(store);
    let reachedCheck!: () => void;
    const inCheck = new Promise<void>((resolve) => {
      reachedCheck = resolve;
    });
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    store.isAccessTokenRevoked = async (jti) => {
      reachedCheck();
      await released;
      return isRevoked(jti);
    };
    const opening = fetch(`${baseUrl}/api/replication/stream`, { headers: bearer(clerk.accessToken) });
    await inCheck;

    const closing = server.app.close();
    while (server.app.server.listening) await new Promise((resolve) => setImmediate(resolve));
    release();

    const response = await opening;
    expect(response.status).toBe(503);
    expect((await response.json()).reason.en).toContain('restarting');
    await within(closing, 2_000, 'closing the server');
  });

  it('ends when the session signs out, so the client must come back with a new token', async () => {
    const clerk = await signIn(server.app, 'clerk-gtzx-wang');
    const stream = await openStream(baseUrl, bearer(clerk.accessToken));
    await stream.next();
    const signOut = await server.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: bearer(clerk.accessToken),
    });
    expect(signOut.statusCode).toBe(204);
    await expect(stream.next()).rejects.toThrow('stream ended');
  });
});
