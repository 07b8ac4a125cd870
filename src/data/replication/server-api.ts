import type { LocalizedMessage } from '../../domain/localized-message';

/** How long one request may take before the server counts as unreachable. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** The network is down, the request timed out, or the server failed (5xx): worth retrying later. */
export class ServerUnreachableError extends Error {
  override readonly name = 'ServerUnreachableError';
  readonly localizedMessage: LocalizedMessage = {
    zh: '无法连接同步服务器，稍后自动重试',
    en: 'Cannot reach the sync server; retrying shortly',
  };
}

/** The server answered with a refusal (4xx); `reason` is its own message. */
export class ServerRefusedError extends Error {
  override readonly name = 'ServerRefusedError';

  constructor(
    readonly status: number,
    readonly reason: LocalizedMessage,
  ) {
    super(`${status}: ${reason.en}`);
  }
}

const UNEXPLAINED_REFUSAL: LocalizedMessage = {
  zh: '服务器拒绝了请求',
  en: 'The server refused the request',
};

/**
 * `fetch` that turns every failure into one of the two errors above, so callers decide only between "retry later"
 * and "the server said no". `timeoutMs: undefined` is for the long-lived stream, which watches its own heartbeat.
 */
export async function callServer(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit = {},
  timeoutMs: number | undefined = REQUEST_TIMEOUT_MS,
): Promise<Response> {
  const signals = [init.signal, timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs)].filter(
    (signal): signal is AbortSignal => signal != null,
  );
  let response: Response;
  try {
    response = await fetchImpl(url, { ...init, signal: AbortSignal.any(signals) });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ServerUnreachableError(`${url}: ${String(error)}`, { cause: error });
  }
  if (response.status >= 500) {
    await response.body?.cancel();
    throw new ServerUnreachableError(`${url}: HTTP ${response.status}`);
  }
  if (!response.ok) throw new ServerRefusedError(response.status, await reasonOf(response));
  return response;
}

export async function readJson<T>(response: Response): Promise<T> {
  try {
    return (await response.json()) as T;
  } catch (error) {
    throw new ServerUnreachableError(`Unreadable answer from ${response.url}`, { cause: error });
  }
}

export const jsonBody = (body: unknown): RequestInit => serializedJsonBody(JSON.stringify(body));

/** For a body already serialized, e.g. while measuring its size. */
export const serializedJsonBody = (json: string): RequestInit => ({
  body: json,
  headers: { 'content-type': 'application/json' },
});

async function reasonOf(response: Response): Promise<LocalizedMessage> {
  try {
    const body = (await response.json()) as { reason?: Partial<LocalizedMessage> };
    const { zh, en } = body.reason ?? {};
    return typeof zh === 'string' && typeof en === 'string' ? { zh, en } : UNEXPLAINED_REFUSAL;
  } catch {
    return UNEXPLAINED_REFUSAL;
  }
}
