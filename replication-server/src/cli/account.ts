/**
 * Creates a staff account, or gives an existing one a new password, on the database the server uses (DATABASE_URL,
 * otherwise SQLite under DATA_DIR):
 *
 *   npm run account -- <staffId> --name <姓名> --role clerk --station GTZX
 *   npm run account -- <staffId> --name <姓名> --role approver --department RSJ
 *   npm run account -- <staffId> --name <姓名> --role admin
 *
 * This is how a county without demo data gets its first administrator, and how staff join or forget a password. The
 * password is generated and printed once, never taken from the command line (shell history keeps arguments); the
 * person changes nothing else. Name, role, station and department replace what the account had, and every session of an
 * existing account is revoked: its devices must sign in again, with the new password.
 */
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { Catalog } from '../../../src/domain/catalog/catalog.schema';
import { type Staff, staffSchema } from '../../../src/domain/organisation/organisation.schema';
import { createSchemaValidator } from '../../../src/domain/schema-validator';
import { hashPassword, newSalt } from '../auth/passwords';
import { loadConfig } from '../config';
import { liveDocuments } from '../replication/live-documents';
import { openStore } from '../store/open-store';
import type { Store } from '../store/store';

// No 0/O, 1/l/I: the password is read off a screen or a slip of paper.
const PASSWORD_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const PASSWORD_LENGTH = 14;

const USAGE =
  '用法 / usage: npm run account -- <staffId> --name <姓名 name> --role <clerk|approver|admin> ' +
  '[--station <站点代码 station>] [--department <部门代码 department>]\n';

const generatePassword = (): string =>
  Array.from({ length: PASSWORD_LENGTH }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join(
    '',
  );

/** A station or department the county has not published would leave the account seeing nothing. */
async function unknownOrganisation(store: Store, staff: Staff): Promise<string | undefined> {
  if (staff.stationId !== undefined) {
    const stations = await liveDocuments(store, 'stations');
    if (!stations.some((stored) => stored.document.id === staff.stationId)) {
      return `没有站点 ${staff.stationId} / no station ${staff.stationId} has been published\n`;
    }
  }
  if (staff.departmentCode !== undefined) {
    const catalogs = await liveDocuments(store, 'catalogs');
    const departments = new Set(
      catalogs.flatMap((stored) =>
        (stored.document['catalog'] as Catalog).departments.map(({ code }) => code),
      ),
    );
    if (!departments.has(staff.departmentCode)) {
      return `已发布的目录中没有部门 ${staff.departmentCode} / no published catalog has department ${staff.departmentCode}\n`;
    }
  }
  return undefined;
}

function fail(message: string, code = 2): never {
  process.stderr.write(message);
  process.exit(code);
}

const { values, positionals } = parseArgs({
  options: {
    name: { type: 'string' },
    role: { type: 'string' },
    station: { type: 'string' },
    department: { type: 'string' },
  },
  allowPositionals: true,
});
if (positionals.length !== 1) fail(USAGE);

const staff = {
  id: positionals[0],
  name: values.name,
  role: values.role,
  ...(values.station === undefined ? {} : { stationId: values.station }),
  ...(values.department === undefined ? {} : { departmentCode: values.department }),
};
const validate = createSchemaValidator({ allErrors: true }).compile<Staff>(staffSchema);
if (!validate(staff)) {
  const problems = (validate.errors ?? []).map(
    (error) => `  ${error.instancePath || '/'} ${error.message ?? ''}`,
  );
  fail(`账号信息不完整或有误 / the account is incomplete or invalid:\n${problems.join('\n')}\n${USAGE}`);
}

const config = loadConfig();
const store = await openStore(config);
try {
  const unknown = await unknownOrganisation(store, staff);
  if (unknown !== undefined) fail(unknown, 1);
  const existing = await store.getAccount(staff.id);
  const password = generatePassword();
  await store.upsertAccount({
    staffId: staff.id,
    name: staff.name,
    role: staff.role,
    ...(staff.stationId === undefined ? {} : { stationId: staff.stationId }),
    ...(staff.departmentCode === undefined ? {} : { departmentCode: staff.departmentCode }),
    password: await hashPassword(password, config.passwordIterations),
    offlineSalt: existing?.offlineSalt ?? newSalt(),
  });
  // Whoever knew the old password may be signed in somewhere, and tokens carry the old role and station.
  const signedOut = existing === undefined ? 0 : await store.revokeSessionsOf(staff.id);
  const what = existing === undefined ? '已创建 / created' : '已更新，密码已重置 / updated, password reset';
  const sessions =
    existing === undefined ? '' : `已退出 ${signedOut} 处登录 / signed out of ${signedOut} session(s)\n`;
  process.stdout.write(
    `${what}: ${staff.id} (${staff.role}) ${staff.name}\n初始密码 / password: ${password}\n${sessions}`,
  );
} catch (error) {
  fail(`保存账号失败 / could not save the account: ${(error as Error).message}\n`, 1);
} finally {
  await store.close();
}
