import type { ItemKind } from '../../../src/domain/case/case-state-machine';
import type { Catalog } from '../../../src/domain/catalog/catalog.schema';
import type { Store } from '../store/store';
import type { ChangeBus } from './change-feed';
import { liveDocuments } from './live-documents';

export type ItemKindLookup = (catalogVersion: number, itemCode: string) => ItemKind | undefined;

/**
 * Item kinds (即办件/承诺件) of every published catalog version, so the state machine can refuse to conclude a
 * promised item on the spot. Read from the store when first needed and again after a catalog is published.
 */
export class ItemKinds {
  private _kinds: Promise<Map<string, ItemKind>> | undefined;

  constructor(
    private readonly _store: Store,
    changes: ChangeBus,
  ) {
    // After a resync a catalog may have been published unheard, so the kinds are read again too.
    changes.subscribe((change) => {
      if (change.kind === 'resync' || change.collection === 'catalogs') this._kinds = undefined;
    });
  }

  async lookup(): Promise<ItemKindLookup> {
    this._kinds ??= this._load();
    const kinds = await this._kinds;
    return (catalogVersion, itemCode) => kinds.get(`${catalogVersion}/${itemCode}`);
  }

  private async _load(): Promise<Map<string, ItemKind>> {
    const kinds = new Map<string, ItemKind>();
    for (const { document } of await liveDocuments(this._store, 'catalogs')) {
      const catalog = document['catalog'] as Catalog;
      for (const item of catalog.items) kinds.set(`${catalog.version}/${item.code}`, item.kind);
    }
    return kinds;
  }
}
