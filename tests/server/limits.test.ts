import { afterEach, describe, expect, it } from 'vitest';
import { caseDoc, insert, pull, push, signIn, startTestServer, type TestServer } from './test-server';

describe('request limits', () => {
  let server: TestServer;

  afterEach(async () => {
    await server.close();
  });

  it('answers 413 to a body above the size limit', async () => {
    server = await startTestServer({ BODY_LIMIT_BYTES: '2000' });
    const { accessToken } = await signIn(server.app, 'clerk-gtzx-wang');
    const big = caseDoc({ form: { note: 'x'.repeat(3000) } });
    const response = await push(server.app, accessToken, 'cases', [insert(big)]);
    expect(response.statusCode).toBe(413);
    expect(response.json().reason).toEqual({ zh: '请求内容过大', en: 'The request body is too large' });
    expect(await server.store.countDocuments('cases')).toBe(0);
  });

  it('answers 413 with a reason to a batch with more rows than allowed', async () => {
    server = await startTestServer({ MAX_PUSH_ROWS: '2' });
    const { accessToken } = await signIn(server.app, 'clerk-gtzx-wang');
    const rows = ['a', 'b', 'c'].map((id) => insert(caseDoc({ id })));
    const response = await push(server.app, accessToken, 'cases', rows);
    expect(response.statusCode).toBe(413);
    expect(response.json().reason).toEqual({
      zh: '一次最多推送 2 条记录',
      en: 'At most 2 rows can be pushed at once',
    });
    expect(await server.store.countDocuments('cases')).toBe(0);
  });

  it('answers 429 once a session exceeds its request rate, without slowing other sessions', async () => {
    server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '3' });
    const busy = await signIn(server.app, 'clerk-gtzx-wang');
    const other = await signIn(server.app, 'clerk-qszx-chen');
    const statuses: number[] = [];
    for (let request = 0; request < 4; request++) {
      statuses.push((await pull(server.app, busy.accessToken, 'stations')).statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await pull(server.app, busy.accessToken, 'stations');
    expect(limited.json().reason.zh).toBe('请求过于频繁，请稍后再试');
    expect((await pull(server.app, other.accessToken, 'stations')).statusCode).toBe(200);
  });
});
