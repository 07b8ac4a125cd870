import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicallyEqual } from '../../src/domain/canonical-json';

const caseLike = {
  id: 'case-1',
  status: 'accepted',
  applicant: { name: '张三', idNumber: '110101199003070011' },
  materials: [{ code: 'M1', attachmentIds: ['a', 'b'] }, { code: 'M2' }],
  trips: [],
  note: undefined,
  _deleted: false,
};

/** Pairs on which the two comparisons must agree, equal or not. */
const pairs: readonly (readonly [unknown, unknown])[] = [
  [caseLike, { ...caseLike }],
  [
    caseLike,
    {
      _deleted: false,
      trips: [],
      materials: caseLike.materials,
      applicant: caseLike.applicant,
      status: 'accepted',
      id: 'case-1',
    },
  ],
  [caseLike, { ...caseLike, note: 'called back' }],
  [caseLike, { ...caseLike, status: 'approved' }],
  [caseLike, { ...caseLike, applicant: { idNumber: '110101199003070011', name: '张三' } }],
  [caseLike, { ...caseLike, applicant: { name: '张三' } }],
  [caseLike, { ...caseLike, materials: [{ code: 'M1', attachmentIds: ['b', 'a'] }, { code: 'M2' }] }],
  [caseLike, { ...caseLike, materials: caseLike.materials.slice(0, 1) }],
  [caseLike, { ...caseLike, extra: null }],
  [{ a: 1 }, { a: '1' }],
  [{ a: 0 }, { a: -0 }],
  [{ a: Number.NaN }, { a: null }],
  [[undefined], [null]],
  [
    [1, undefined],
    [1, 2],
  ],
  [{ a: [] }, { a: {} }],
  [null, {}],
  ['x', 'y'],
  [1, 1],
];

describe('canonicallyEqual', () => {
  it('agrees with comparing canonical JSON texts, whatever the key order', () => {
    for (const [a, b] of pairs) {
      const expected = canonicalJson(a) === canonicalJson(b);
      expect(canonicallyEqual(a, b), `${canonicalJson(a)} vs ${canonicalJson(b)}`).toBe(expected);
      expect(canonicallyEqual(b, a)).toBe(expected);
    }
  });

  it('tells apart documents that differ in a nested field and finds reordered copies equal', () => {
    expect(canonicallyEqual(caseLike, JSON.parse(JSON.stringify(caseLike)))).toBe(true);
    expect(
      canonicallyEqual(caseLike, { ...caseLike, applicant: { ...caseLike.applicant, name: '李四' } }),
    ).toBe(false);
  });

  it('leaves out the top-level keys the caller names, and only at the top level', () => {
    const storageField = (key: string) => key.startsWith('_') && key !== '_deleted';
    const stored = { ...caseLike, _rev: '3-abc', _meta: { lwt: 1 }, _attachments: {} };

    expect(canonicallyEqual(stored, caseLike, storageField)).toBe(true);
    expect(canonicallyEqual(caseLike, { ...stored, _rev: '4-def' }, storageField)).toBe(true);
    expect(canonicallyEqual(stored, { ...caseLike, _deleted: true }, storageField)).toBe(false);
    expect(canonicallyEqual(stored, caseLike)).toBe(false);
    expect(
      canonicallyEqual(
        { ...caseLike, applicant: { ...caseLike.applicant, _rev: '1' } },
        caseLike,
        storageField,
      ),
    ).toBe(false);
  });
});
