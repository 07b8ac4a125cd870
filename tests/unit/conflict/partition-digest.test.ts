import { describe, expect, it } from 'vitest';
import { documentRevision, partitionDigest } from '../../../src/domain/conflict/partition-digest';

const doc = (id: string, title: string) => ({ id, title, nested: { a: 1, b: 2 }, _deleted: false });

describe('partitionDigest', () => {
  it('agrees on two copies whatever their order, key order and RxDB bookkeeping', async () => {
    const server = [doc('a', '甲'), doc('b', '乙')];
    const device = [
      { _rev: '3-x', _meta: { lwt: 1 }, _attachments: {}, nested: { b: 2, a: 1 }, title: '乙', id: 'b' },
      { ...doc('a', '甲'), _rev: '1-y' },
    ];
    expect(await partitionDigest(device)).toEqual(await partitionDigest(server));
    expect((await partitionDigest(server)).count).toBe(2);
  });

  it('leaves deleted documents out and tells a changed document apart', async () => {
    const copy = [doc('a', '甲'), doc('b', '乙')];
    const withDeleted = [...copy, { ...doc('c', '丙'), _deleted: true }];
    expect(await partitionDigest(withDeleted)).toEqual(await partitionDigest(copy));
    const changed = await partitionDigest([doc('a', '甲'), doc('b', '乙改')]);
    expect(changed.count).toBe(2);
    expect(changed.hash).not.toBe((await partitionDigest(copy)).hash);
  });

  it('hashes a revision as hex SHA-256 of the content', async () => {
    expect(await documentRevision(doc('a', '甲'))).toMatch(/^[0-9a-f]{64}$/);
    expect(await documentRevision(doc('a', '甲'))).not.toBe(await documentRevision(doc('a', '乙')));
  });
});
