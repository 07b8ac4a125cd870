import type { PullResult, StoredDocument } from './store';

/**
 * Store.pull's page on top of an adapter's plain page read (`rowsAfter`: documents in scope above a seq, in seq
 * order, at most `limit`): revisions `exceptWrittenBy` wrote itself are skipped, and further rows are read until the
 * page holds `limit` documents or the rows run out, so a device that pushed a thousand cases still gets full pages
 * of everyone else's. The checkpoint moves past the skipped revisions.
 */
export async function pullPage(
  rowsAfter: (afterSeq: number, limit: number) => Promise<readonly StoredDocument[]>,
  afterSeq: number,
  limit: number,
  exceptWrittenBy: string | undefined,
): Promise<PullResult> {
  const documents: StoredDocument[] = [];
  let lookedAt = afterSeq;
  for (;;) {
    const rows = await rowsAfter(lookedAt, limit);
    for (const row of rows) {
      lookedAt = row.seq;
      if (exceptWrittenBy !== undefined && row.writtenBy === exceptWrittenBy) continue;
      documents.push(row);
      if (documents.length === limit) return { documents, checkpointSeq: row.seq };
    }
    if (rows.length < limit) return { documents, checkpointSeq: lookedAt };
  }
}
