/**
 * Where a value sits in a document: a named field, or an element of a list identified by one of its own fields
 * (a material by `materialId`, a trip by `id`, a clock stop by `from`), so a path survives reordering of the list.
 */
export type PathSegment = { readonly field: string } | { readonly item: string; readonly keyField: string };

type JsonRecord = Record<string, unknown>;

const isRecord = (value: unknown): value is JsonRecord =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** `applicant.phone`, `form.address`, `materials[photo].state`. */
export function formatPath(segments: readonly PathSegment[]): string {
  return segments
    .map((segment, index) =>
      'field' in segment ? `${index === 0 ? '' : '.'}${segment.field}` : `[${segment.item}]`,
    )
    .join('');
}

export function valueAt(document: unknown, segments: readonly PathSegment[]): unknown {
  let value = document;
  for (const segment of segments) {
    if ('field' in segment) {
      value = isRecord(value) ? value[segment.field] : undefined;
    } else {
      value = Array.isArray(value)
        ? value.find((element) => isRecord(element) && element[segment.keyField] === segment.item)
        : undefined;
    }
  }
  return value;
}

/**
 * A copy of `document` with `value` at the path; `undefined` removes the field or list element. A missing list
 * element is appended, carrying its key.
 */
export function withValueAt<T>(document: T, segments: readonly PathSegment[], value: unknown): T {
  return setIn(document, segments, value) as T;
}

function setIn(container: unknown, segments: readonly PathSegment[], value: unknown): unknown {
  const [segment, ...rest] = segments;
  if (segment === undefined) return value;
  if ('field' in segment) {
    const record = isRecord(container) ? { ...container } : {};
    const next = setIn(record[segment.field], rest, value);
    if (next === undefined) delete record[segment.field];
    else record[segment.field] = next;
    return record;
  }
  const list = Array.isArray(container) ? [...container] : [];
  const index = list.findIndex((element) => isRecord(element) && element[segment.keyField] === segment.item);
  const current = index === -1 ? { [segment.keyField]: segment.item } : list[index];
  const next = setIn(current, rest, value);
  if (index === -1) {
    if (next !== undefined) list.push(next);
  } else if (next === undefined) {
    list.splice(index, 1);
  } else {
    list[index] = next;
  }
  return list;
}
