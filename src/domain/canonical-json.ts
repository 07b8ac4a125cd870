/**
 * JSON with object keys sorted at every level, so two equal documents always serialise to the same text whatever
 * order a client wrote their keys in. Conflict detection compares these strings.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, entry]) => [key, sortKeys(entry)]));
  }
  return value;
}

/**
 * Whether canonicalJson(a) === canonicalJson(b), found without writing either text: replication compares every
 * pulled and pushed document with the state it assumes the other side has, ten thousand of them in a first sync,
 * and nearly all of them are plain objects, arrays and strings that differ early or not at all. Top-level keys for
 * which `ignoreTopLevelKey` holds are left out of the comparison (a storage's own bookkeeping fields), so callers
 * need not copy each document without them.
 */
export function canonicallyEqual(
  a: unknown,
  b: unknown,
  ignoreTopLevelKey?: (key: string) => boolean,
): boolean {
  if (a === b) return true;
  if (isPlainObject(a) && isPlainObject(b)) {
    let keysOfA = 0;
    for (const key in a) {
      if (a[key] === undefined || ignoreTopLevelKey?.(key)) continue;
      keysOfA++;
      if (b[key] === undefined || !canonicallyEqual(a[key], b[key])) return false;
    }
    let keysOfB = 0;
    for (const key in b) if (b[key] !== undefined && !ignoreTopLevelKey?.(key)) keysOfB++;
    return keysOfA === keysOfB;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let index = 0; index < a.length; index++) {
      // JSON writes a missing array element as null.
      if (!canonicallyEqual(a[index] ?? null, b[index] ?? null)) return false;
    }
    return true;
  }
  if (typeof a === 'string' && typeof b === 'string') return false;
  return canonicalJson(a) === canonicalJson(b);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
