import type { PushTransaction } from './push-rows';
import type { ConflictResolver, ResolveOutcome, StoredDocument } from './store';

/**
 * Resolves an open conflict inside the caller's write transaction: the resolver's document becomes a new master
 * revision (new seq, same read tags), its children (the case event) are written under it with those tags, and the
 * conflict and the audit log record the decision. A conflict is resolved once.
 */
export async function applyResolution(
  tx: PushTransaction,
  conflictId: string,
  resolver: ConflictResolver,
): Promise<ResolveOutcome> {
  const conflict = await tx.getConflict(conflictId);
  if (conflict === undefined) return { outcome: 'not-found' };
  if (conflict.status !== 'open') return { outcome: 'already-resolved' };
  const master = await tx.get(conflict.collection, conflict.documentId);
  if (master === undefined) return { outcome: 'not-found' };
  const plan = resolver(conflict, master);
  if (!plan.ok) return { outcome: 'refused', reason: plan.reason };

  const stored: StoredDocument = { ...master, seq: await tx.nextSeq(), document: plan.document };
  await tx.write(stored, undefined);
  const written = [stored];
  for (const child of plan.children) {
    const storedChild: StoredDocument = {
      collection: child.collection,
      id: child.document.id,
      seq: await tx.nextSeq(),
      document: child.document,
      tags: master.tags,
    };
    await tx.write(storedChild, { collection: master.collection, id: master.id });
    written.push(storedChild);
  }
  await tx.saveResolution(conflictId, plan.resolution);
  await tx.recordAudit(plan.audit);
  return {
    outcome: 'resolved',
    conflict: { ...conflict, status: 'resolved', resolution: plan.resolution },
    written,
  };
}
