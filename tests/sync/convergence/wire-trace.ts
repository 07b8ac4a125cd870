import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../src/domain/canonical-json';

/**
 * What one station sent and received for each document, in order: when a seed does not converge, the trace of the
 * document that differs shows which push, answer or pull left the station behind. Versions are named by their
 * status, updatedAt and a short hash of their content without RxDB's bookkeeping fields.
 */
export class WireTrace {
  private readonly _byId = new Map<string, string[]>();

  /** Records a replication request and its answer; `answer` is undefined when the request failed. */
  async record(url: string, body: unknown, answer: Response | undefined, note: string): Promise<void> {
    const time = Date.now();
    const collection = /\/api\/replication\/([^/]+)\//.exec(url)?.[1] ?? '?';
    if (url.endsWith('/push')) {
      const rows = JSON.parse(String(body)) as { newDocumentState: Doc; assumedMasterState?: Doc }[];
      for (const row of rows)
        this._add(
          row.newDocumentState,
          `${time} ${collection} push ${versionOf(row.newDocumentState)} over ${versionOf(row.assumedMasterState)}${note}`,
        );
      if (answer === undefined) return;
      const result = (await answer.json()) as {
        conflicts?: Doc[];
        rejected?: { id: string; reason: string }[];
      };
      for (const conflict of result.conflicts ?? [])
        this._add(conflict, `${time} ${collection} push answered with ${versionOf(conflict)}`);
      for (const refused of result.rejected ?? [])
        this._byId.get(refused.id)?.push(`${time} ${collection} push rejected: ${refused.reason}`);
      return;
    }
    if (answer === undefined) return;
    const page = (await answer.json()) as { documents?: Doc[]; checkpoint?: { seq?: number } };
    for (const document of page.documents ?? [])
      this._add(
        document,
        `${time} ${collection} pulled ${versionOf(document)} (page to seq ${page.checkpoint?.seq})${note}`,
      );
  }

  /** A change the station's own commands stored, before replication saw it. */
  localWrite(document: Doc): void {
    this._add(document, `${Date.now()} local write ${versionOf(document)}`);
  }

  linesOf(id: string): readonly string[] {
    return this._byId.get(id) ?? [];
  }

  toJSON(): Record<string, readonly string[]> {
    return Object.fromEntries(this._byId);
  }

  private _add(document: Doc, line: string): void {
    const id = String(document['id']);
    const lines = this._byId.get(id) ?? [];
    lines.push(line);
    this._byId.set(id, lines);
  }
}

export type Doc = Record<string, unknown>;

function versionOf(document: Doc | undefined): string {
  if (document === undefined) return 'nothing';
  const content = Object.fromEntries(
    Object.entries(document).filter(([key]) => key === '_deleted' || !key.startsWith('_')),
  );
  const hash = createHash('sha256').update(canonicalJson(content)).digest('hex').slice(0, 8);
  return `${String(document['status'] ?? '')}@${String(document['updatedAt'] ?? '')}#${hash}`;
}
