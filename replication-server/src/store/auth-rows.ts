import type { Account, Session } from './store';

/** Column layout of the accounts and sessions tables, shared by both adapters (Postgres returns BIGINT as text). */
export interface AccountRow {
  staff_id: string;
  name: string;
  role: Account['role'];
  station_id: string | null;
  department_code: string | null;
  password_salt: string;
  password_iterations: number;
  password_hash: string;
  offline_salt: string;
}

export interface SessionRow {
  session_id: string;
  staff_id: string;
  refresh_token_hash: string;
  expires_at: number | string;
  revoked_at: number | string | null;
}

export function toAccount(row: AccountRow): Account {
  return {
    staffId: row.staff_id,
    name: row.name,
    role: row.role,
    ...(row.station_id === null ? {} : { stationId: row.station_id }),
    ...(row.department_code === null ? {} : { departmentCode: row.department_code }),
    password: {
      algorithm: 'pbkdf2-sha256',
      salt: row.password_salt,
      iterations: row.password_iterations,
      hash: row.password_hash,
    },
    offlineSalt: row.offline_salt,
  };
}

export function toSession(row: SessionRow): Session {
  return {
    sessionId: row.session_id,
    staffId: row.staff_id,
    refreshTokenHash: row.refresh_token_hash,
    expiresAt: Number(row.expires_at),
    revoked: row.revoked_at !== null,
  };
}

export const ACCOUNT_COLUMNS = [
  'staff_id',
  'name',
  'role',
  'station_id',
  'department_code',
  'password_algorithm',
  'password_salt',
  'password_iterations',
  'password_hash',
  'offline_salt',
] as const;

export function accountValues(account: Account): unknown[] {
  return [
    account.staffId,
    account.name,
    account.role,
    account.stationId ?? null,
    account.departmentCode ?? null,
    account.password.algorithm,
    account.password.salt,
    account.password.iterations,
    account.password.hash,
    account.offlineSalt,
  ];
}

/** One upsert statement for both dialects; `placeholder(i)` is `?` for SQLite and `$i` for Postgres. */
export function upsertAccountSql(placeholder: (index: number) => string): string {
  const updates = ACCOUNT_COLUMNS.filter((column) => column !== 'staff_id').map(
    (column) => `${column} = excluded.${column}`,
  );
  return `INSERT INTO accounts (${ACCOUNT_COLUMNS.join(', ')})
    VALUES (${ACCOUNT_COLUMNS.map((_, index) => placeholder(index + 1)).join(', ')})
    ON CONFLICT (staff_id) DO UPDATE SET ${updates.join(', ')}`;
}
