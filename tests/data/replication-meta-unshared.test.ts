import type { RxStorage } from 'rxdb';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { describe, expect, it } from 'vitest';
import { createJinbanDatabase } from '../../src/data/db';
import { testStorage, uniqueDatabaseName } from './test-database';

/** The storage of the tests, noting whether each storage instance was opened shared with other tabs. */
function recordingStorage(): { storage: RxStorage<unknown, unknown>; shared: Map<string, boolean> } {
  const inner = testStorage();
  const shared = new Map<string, boolean>();
  return {
    shared,
    storage: {
      ...inner,
      createStorageInstance(params) {
        shared.set(params.collectionName, params.multiInstance);
        return inner.createStorageInstance(params);
      },
    },
  };
}

describe('replication bookkeeping in a database shared by several tabs', () => {
  it('is kept to the replicating tab while the collections stay shared', async () => {
    const { storage, shared } = recordingStorage();
    const db = await createJinbanDatabase({ name: uniqueDatabaseName(), storage, multiInstance: true });
    try {
      const replication = replicateRxCollection({
        replicationIdentifier: 'test-server',
        collection: db.cases,
        live: false,
        waitForLeadership: false,
        pull: { handler: async () => ({ documents: [], checkpoint: null }) },
        push: { handler: async () => [] },
      });
      await replication.awaitInitialReplication();
      await replication.cancel();

      const metaInstances = [...shared].filter(([name]) => name.startsWith('rx-replication-meta-'));
      expect(metaInstances).toHaveLength(1);
      expect(metaInstances[0]![1]).toBe(false);
      expect(shared.get('cases')).toBe(true);
      expect(shared.get('case_events')).toBe(true);
    } finally {
      await db.remove();
    }
  });
});
