import type { Role } from '../../../src/domain/organisation/organisation.schema';

/** Who is calling, taken from a verified access token — never from a request body. */
export interface Principal {
  readonly staffId: string;
  readonly name: string;
  readonly role: Role;
  readonly stationId?: string;
  readonly departmentCode?: string;
  readonly jti: string;
  readonly sessionId: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}
