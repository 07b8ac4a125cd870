import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { caseDoc, insert, pull, push, signIn, startTestServer, type TestServer, update } from './test-server';

describe('operations endpoints', () => {
  let server: TestServer;
  let distDir: string | undefined;

  afterEach(async () => {
    await server.close();
    if (distDir !== undefined) rmSync(distDir, { recursive: true, force: true });
    distDir = undefined;
  });

  it('reports health', async () => {
    server = await startTestServer();
    const response = await server.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('counts pulled documents, pushed rows, conflicts and rejected rows', async () => {
    server = await startTestServer();
    const { accessToken } = await signIn(server.app, 'clerk-gtzx-wang');
    const draft = caseDoc();
    await push(server.app, accessToken, 'cases', [
      insert(draft),
      insert(caseDoc({ id: 'x', status: 'rejected' })),
    ]);
    await push(server.app, accessToken, 'cases', [update(draft, caseDoc({ status: 'accepted' }))]);
    await push(server.app, accessToken, 'cases', [update(draft, caseDoc({ status: 'withdrawn' }))]);
    await pull(server.app, accessToken, 'cases');

    const metrics = (await server.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain('jinban_replication_pushed_rows_total{collection="cases"} 4');
    expect(metrics).toContain('jinban_replication_rejected_rows_total{collection="cases"} 1');
    expect(metrics).toContain('jinban_replication_conflicts_total{collection="cases"} 1');
    expect(metrics).toContain('jinban_replication_pulled_documents_total{collection="cases"} 1');
  });

  it('serves the built app with index.html for client-side routes, and JSON 404s under /api', async () => {
    distDir = mkdtempSync(join(tmpdir(), 'jinban-dist-'));
    writeFileSync(join(distDir, 'index.html'), '<title>就近办</title>');
    writeFileSync(join(distDir, 'app.js'), 'console.log(1)');
    server = await startTestServer({ DIST_DIR: distDir });

    const asset = await server.app.inject({ method: 'GET', url: '/app.js' });
    expect(asset.body).toBe('console.log(1)');
    const route = await server.app.inject({ method: 'GET', url: '/cases/123' });
    expect(route.statusCode).toBe(200);
    expect(route.body).toContain('就近办');
    const api = await server.app.inject({ method: 'GET', url: '/api/nothing' });
    expect(api.statusCode).toBe(404);
    expect(api.json().reason.en).toBe('Not found');
  });
});
