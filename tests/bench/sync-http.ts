import type { Case } from '../../src/domain/case/case.schema';
import demoOrganisation from '../../src/domain/demo/demo-organisation.json';

/**
 * Node clients of the sync server's HTTP API as the benchmarks use it: sign-in, push and pull of cases the way a
 * tablet's replication sends them (pages of the client's batch sizes), and the server's own counters.
 */

export interface Session {
  readonly baseUrl: string;
  readonly staffId: string;
  readonly token: string;
}

const passwords: Readonly<Record<string, string>> = demoOrganisation.demoPasswords;

export async function signIn(baseUrl: string, staffId: string): Promise<Session> {
  const response = await fetch(`${baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ staffId, password: passwords[staffId] }),
  });
  if (!response.ok)
    throw new Error(`sign-in of ${staffId} failed: ${response.status} ${await response.text()}`);
  return { baseUrl, staffId, token: ((await response.json()) as { accessToken: string }).accessToken };
}

export const authorization = (session: Session): Record<string, string> => ({
  authorization: `Bearer ${session.token}`,
});

/** Pushes `cases` as new documents, `batchSize` rows per request, one request after the other. */
export async function pushCases(
  session: Session,
  cases: readonly Case[],
  batchSize: number,
): Promise<{ readonly rejected: number; readonly conflicts: number }> {
  let rejected = 0;
  let conflicts = 0;
  for (let offset = 0; offset < cases.length; offset += batchSize) {
    const rows = cases
      .slice(offset, offset + batchSize)
      .map((doc) => ({ newDocumentState: { ...doc, _deleted: false } }));
    const response = await fetch(`${session.baseUrl}/api/replication/cases/push`, {
      method: 'POST',
      headers: { ...authorization(session), 'content-type': 'application/json' },
      body: JSON.stringify(rows),
    });
    if (!response.ok) throw new Error(`push failed: ${response.status} ${await response.text()}`);
    const answer = (await response.json()) as { conflicts: unknown[]; rejected: unknown[] };
    rejected += answer.rejected.length;
    conflicts += answer.conflicts.length;
  }
  return { rejected, conflicts };
}

/** Pulls every case in the session's scope from checkpoint 0, `limit` per page; how many documents came. */
export async function pullAllCases(session: Session, limit: number): Promise<number> {
  let seq = 0;
  let count = 0;
  for (;;) {
    const response = await fetch(`${session.baseUrl}/api/replication/cases/pull?seq=${seq}&limit=${limit}`, {
      headers: authorization(session),
    });
    if (!response.ok) throw new Error(`pull failed: ${response.status} ${await response.text()}`);
    const page = (await response.json()) as { documents: unknown[]; checkpoint: { seq: number } };
    count += page.documents.length;
    if (page.documents.length < limit) return count;
    seq = page.checkpoint.seq;
  }
}

/** A counter from the server's Prometheus /metrics, summed over its labels matching `label` (e.g. `collection="cases"`). */
export async function serverCounter(baseUrl: string, name: string, label: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && line.includes(label))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/**
 * Date.now() when the server's counter first reads at least `target`, looked at every `intervalMs`; undefined when
 * stopped before. Lets the runner time what the server has acknowledged while a client is still busy.
 */
export function watchCounter(
  baseUrl: string,
  name: string,
  label: string,
  target: number,
  intervalMs = 50,
): { readonly reachedAt: Promise<number | undefined>; stop(): void } {
  let stopped = false;
  const reachedAt = (async () => {
    while (!stopped) {
      if ((await serverCounter(baseUrl, name, label)) >= target) return Date.now();
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
    return undefined;
  })();
  return {
    reachedAt,
    stop: () => {
      stopped = true;
    },
  };
}
