import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal';
import type { DeviceSighting, PushOrigin } from '../store/store';

export const DEVICE_HEADER = 'x-jinban-device';
export const PENDING_HEADER = 'x-jinban-pending';
export const UNKNOWN_DEVICE = 'unknown';

const DEVICE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The device id the client sends in `x-jinban-device`; anything missing or odd counts as 'unknown'. */
export function deviceIdOf(request: FastifyRequest): string {
  const header = request.headers[DEVICE_HEADER];
  return typeof header === 'string' && DEVICE_ID.test(header) ? header : UNKNOWN_DEVICE;
}

/** Rows waiting on the device to be pushed, as it reports in `x-jinban-pending` on a pull. */
export function pendingPushesOf(request: FastifyRequest): number | undefined {
  const header = request.headers[PENDING_HEADER];
  if (typeof header !== 'string' || !/^\d{1,9}$/.test(header)) return undefined;
  return Number(header);
}

export function originOf(request: FastifyRequest, principal: Principal, at: string): PushOrigin {
  return {
    staffId: principal.staffId,
    ...(principal.stationId === undefined ? {} : { stationId: principal.stationId }),
    deviceId: deviceIdOf(request),
    at,
  };
}

export function sightingOf(
  request: FastifyRequest,
  principal: Principal,
  kind: DeviceSighting['kind'],
  at: string,
  extra: Pick<DeviceSighting, 'rejectedRows'> = {},
): DeviceSighting {
  const pendingPushes = kind === 'pull' ? pendingPushesOf(request) : undefined;
  return {
    deviceId: deviceIdOf(request),
    staffId: principal.staffId,
    ...(principal.stationId === undefined ? {} : { stationId: principal.stationId }),
    role: principal.role,
    at,
    kind,
    ...(pendingPushes === undefined ? {} : { pendingPushes }),
    ...extra,
  };
}
