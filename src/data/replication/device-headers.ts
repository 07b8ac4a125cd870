/** Names this device on every replication request, so the server's sync monitor can tell tablets apart. */
export const DEVICE_HEADER = 'x-jinban-device';
/** On pulls: how many local changes wait to be pushed, for the sync monitor. */
export const PENDING_HEADER = 'x-jinban-pending';

/** `init` with `extra` headers added to its own. */
export function withHeaders(init: RequestInit, extra: Readonly<Record<string, string>>): RequestInit {
  const headers = new Headers(init.headers);
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  return { ...init, headers };
}
