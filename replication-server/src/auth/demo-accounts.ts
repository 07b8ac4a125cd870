import demoOrganisation from '../../../src/domain/demo/demo-organisation.json';
import type { Staff } from '../../../src/domain/organisation/organisation.schema';
import type { Store } from '../store/store';
import { hashPassword, newSalt } from './passwords';

export interface DemoAccount {
  readonly staff: Staff;
  readonly password: string;
}

/** The demo organisation's staff with their published demo passwords. */
export function demoAccounts(): readonly DemoAccount[] {
  const passwords: Record<string, string> = demoOrganisation.demoPasswords;
  return (demoOrganisation.staff as Staff[]).flatMap((staff) => {
    const password = passwords[staff.id];
    return password === undefined ? [] : [{ staff, password }];
  });
}

/** Creates an account per demo staff member; passwords are stored as PBKDF2 hashes only. */
export async function seedDemoAccounts(store: Store, iterations: number): Promise<readonly DemoAccount[]> {
  const accounts = demoAccounts();
  for (const { staff, password } of accounts) {
    await store.upsertAccount({
      staffId: staff.id,
      name: staff.name,
      role: staff.role,
      ...(staff.stationId === undefined ? {} : { stationId: staff.stationId }),
      ...(staff.departmentCode === undefined ? {} : { departmentCode: staff.departmentCode }),
      password: await hashPassword(password, iterations),
      offlineSalt: newSalt(),
    });
  }
  return accounts;
}
