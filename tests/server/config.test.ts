import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../replication-server/src/config';

describe('server configuration', () => {
  it('defaults to SQLite under ./data on 127.0.0.1:8787', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      dataDir: resolve('./data'),
      databaseUrl: undefined,
      secureCookies: false,
    });
  });

  it('reads overrides from the environment', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://db/x',
      MAX_PUSH_ROWS: '5',
    });
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      databaseUrl: 'postgres://db/x',
      maxPushRows: 5,
    });
    expect(config.secureCookies).toBe(true);
  });

  it('seeds the demo county only when asked to, so a real deployment never gets the published demo passwords', () => {
    expect(loadConfig({}).demoData).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x' }).demoData).toBe(false);
    expect(loadConfig({ JINBAN_DEMO: '1' }).demoData).toBe(true);
  });

  it('refuses a number that is not one', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow('PORT');
  });
});
