import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../replication-server/src/config';
import { buildServer } from '../../replication-server/src/http/app';
import { seedDemoReferenceData } from '../../replication-server/src/replication/demo-data';
import { SqliteStore } from '../../replication-server/src/store/sqlite/sqlite-store';
import { type CliRun, runCli } from './run-cli';

const ENV = {
  PASSWORD_ITERATIONS: '1000',
  JINBAN_TOKEN_SECRET: 'test-secret-test-secret-test-secret-0123',
  DIST_DIR: '/nonexistent-jinban-dist',
};

let dataDir: string;

const runAccount = (...args: string[]): Promise<CliRun> =>
  runCli('account.ts', args, { ...process.env, ...ENV, DATA_DIR: dataDir });

const printedPassword = (stdout: string): string => {
  const password = /password: (\S+)/.exec(stdout)?.[1];
  if (password === undefined) throw new Error(`no password in: ${stdout}`);
  return password;
};

/** Runs `work` against a server over the same database file the command wrote. */
async function withServer<T>(work: (app: FastifyInstance) => Promise<T>): Promise<T> {
  const store = SqliteStore.open(join(dataDir, 'jinban.sqlite'));
  const app = await buildServer({ config: loadConfig({ ...ENV, DATA_DIR: dataDir }), store });
  try {
    return await work(app);
  } finally {
    await app.close();
    await store.close();
  }
}

interface SignInAnswer {
  readonly status: number;
  readonly role?: string;
  readonly refreshToken?: string;
}

const signIn = (staffId: string, password: string): Promise<SignInAnswer> =>
  withServer(async (app) => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { staffId, password },
    });
    const body = response.json() as { staff?: { role?: string }; refreshToken?: string };
    return {
      status: response.statusCode,
      ...(body.staff?.role === undefined ? {} : { role: body.staff.role }),
      ...(body.refreshToken === undefined ? {} : { refreshToken: body.refreshToken }),
    };
  });

async function signInStatus(staffId: string, password: string): Promise<{ status: number; role?: string }> {
  const { status, role } = await signIn(staffId, password);
  return { status, ...(role === undefined ? {} : { role }) };
}

const refreshStatus = (refreshToken: string): Promise<number> =>
  withServer(async (app) => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken },
    });
    return response.statusCode;
  });

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'jinban-account-'));
  // A county with its stations and catalog published but no accounts yet, as after moving real data in.
  const store = SqliteStore.open(join(dataDir, 'jinban.sqlite'));
  await seedDemoReferenceData(store);
  await store.close();
});

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run account', () => {
  it('creates the first administrator, who can then sign in with the printed password', async () => {
    const created = await runAccount('admin-zhou', '--name', '周文', '--role', 'admin');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('created');
    expect(await signInStatus('admin-zhou', printedPassword(created.stdout))).toEqual({
      status: 200,
      role: 'admin',
    });
  });

  it('gives an existing account a new password and the old one stops working', async () => {
    const first = await runAccount('clerk-gtzx-li', '--name', '李娜', '--role', 'clerk', '--station', 'GTZX');
    const again = await runAccount('clerk-gtzx-li', '--name', '李娜', '--role', 'clerk', '--station', 'GTZX');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('password reset');
    const [oldPassword, newPassword] = [printedPassword(first.stdout), printedPassword(again.stdout)];
    expect(newPassword).not.toBe(oldPassword);
    expect((await signInStatus('clerk-gtzx-li', oldPassword)).status).toBe(401);
    expect(await signInStatus('clerk-gtzx-li', newPassword)).toEqual({ status: 200, role: 'clerk' });
  });

  it('signs the account out everywhere when its password is reset', async () => {
    const first = await runAccount('clerk-gtzx-he', '--name', '何平', '--role', 'clerk', '--station', 'GTZX');
    const tablet = await signIn('clerk-gtzx-he', printedPassword(first.stdout));
    const desktop = await signIn('clerk-gtzx-he', printedPassword(first.stdout));
    expect(await refreshStatus(tablet.refreshToken!)).toBe(200);

    const reset = await runAccount('clerk-gtzx-he', '--name', '何平', '--role', 'clerk', '--station', 'GTZX');
    expect(reset.stdout).toContain('signed out of 2 session(s)');
    expect(await refreshStatus(desktop.refreshToken!)).toBe(401);
    const afterReset = await signIn('clerk-gtzx-he', printedPassword(reset.stdout));
    expect(await refreshStatus(afterReset.refreshToken!)).toBe(200);
  });

  it('refuses a station or department the county has not published, creating nothing', async () => {
    const station = await runAccount('clerk-xxxx', '--name', '张三', '--role', 'clerk', '--station', 'XXXX');
    expect(station.code).toBe(1);
    expect(station.stderr).toContain('没有站点 XXXX');
    const department = await runAccount(
      'approver-x',
      '--name',
      '张三',
      '--role',
      'approver',
      '--department',
      'NOPE',
    );
    expect(department.code).toBe(1);
    expect(department.stderr).toContain('没有部门 NOPE');
    expect((await signInStatus('clerk-xxxx', 'anything')).status).toBe(401);
  });

  it('explains what is missing instead of creating a clerk without a station', async () => {
    const result = await runAccount('clerk-nowhere', '--name', '王五', '--role', 'clerk');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('stationId');
    expect(result.stderr).toContain('用法 / usage');
    expect(result.stdout).toBe('');
  });
});
