import type { Bundle, Catalog, ServiceItem } from './catalog.schema';

/**
 * Catalog search for the clerk's tablet. Runs in the browser, so it matches the `pinyinInitials` that
 * catalog-preparation.ts stored when the catalog was published and never loads a pinyin dictionary itself.
 */
export interface CatalogSearchResult {
  readonly items: readonly ServiceItem[];
  readonly bundles: readonly Bundle[];
}

export interface CatalogSearchOptions {
  /** Most results per list (items and bundles each); all matches when absent. */
  readonly limit?: number;
}

interface Searchable {
  readonly code: string;
  readonly name: string;
  readonly pinyinInitials?: string;
}

/** Lower rank is better; entries that match nothing get no rank. */
const Rank = {
  exactName: 0,
  namePrefix: 1,
  nameContains: 2,
  initialsPrefix: 3,
  initialsContain: 4,
  code: 5,
} as const;
type Rank = (typeof Rank)[keyof typeof Rank];

function rankOf(entry: Searchable, query: string): Rank | undefined {
  const name = entry.name.toLowerCase();
  const initials = entry.pinyinInitials?.toLowerCase() ?? '';
  if (name === query) return Rank.exactName;
  if (name.startsWith(query)) return Rank.namePrefix;
  if (name.includes(query)) return Rank.nameContains;
  if (initials.startsWith(query)) return Rank.initialsPrefix;
  if (initials.includes(query)) return Rank.initialsContain;
  if (entry.code.toLowerCase().includes(query)) return Rank.code;
  return undefined;
}

/** Best match first; entries of equal rank keep catalog order. An empty query lists everything in catalog order. */
function search<T extends Searchable>(entries: readonly T[], query: string, limit: number): T[] {
  if (query === '') return entries.slice(0, limit);
  return entries
    .map((entry, index) => ({ entry, index, rank: rankOf(entry, query) }))
    .filter((hit): hit is { entry: T; index: number; rank: Rank } => hit.rank !== undefined)
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .slice(0, limit)
    .map((hit) => hit.entry);
}

export function searchCatalog(
  catalog: Pick<Catalog, 'items' | 'bundles'>,
  query: string,
  options: CatalogSearchOptions = {},
): CatalogSearchResult {
  const normalised = query.trim().toLowerCase();
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  return {
    items: search(catalog.items, normalised, limit),
    bundles: search(catalog.bundles, normalised, limit),
  };
}
