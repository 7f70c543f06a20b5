import { DocType } from '@gprelay/shared';
import type { ChangePosition, GpSource } from '../gp/gp-source';
import type { LocalStore } from '../store/local-store';

/**
 * GP's empty date (1900-01-01): no vendor is stamped earlier, so "modified
 * since" it lists the whole vendor table.
 */
export const WHOLE_TABLE_SINCE = '1900-01-01T00:00:00.000Z';

export interface VendorTableRead {
  pages: number;
  /** Vendors GP listed. */
  vendors: number;
  /** Of those, vendors whose record the store took as what they are now (see recordVendorTablePage). */
  remembered: number;
}

/**
 * Reads every vendor of the source's company once, page by page (each page
 * committed on its own), into the store's known vendors, so the next change of
 * any vendor can say what it was before. Emits nothing. Vendors are a small
 * table; the read costs what a backfill of it would. Throws what the source
 * throws; pages already stored stay, and a later read starts over.
 */
export async function readVendorTable(options: {
  source: GpSource;
  store: LocalStore;
  pageSize: number;
  signal?: AbortSignal;
}): Promise<VendorTableRead> {
  const { source, store, pageSize, signal } = options;
  const read: VendorTableRead = { pages: 0, vendors: 0, remembered: 0 };
  let after: ChangePosition | undefined;
  for (;;) {
    const page = await source.listChanged({
      docType: DocType.vendor,
      since: WHOLE_TABLE_SINCE,
      pageSize,
      ...(after ? { after } : {}),
      ...(signal ? { signal } : {}),
    });
    const last = page.documents.at(-1);
    const complete = !page.hasMore || last === undefined;
    read.remembered += store.recordVendorTablePage({
      company: source.company,
      documents: page.documents,
      complete,
    });
    read.pages += 1;
    read.vendors += page.documents.length;
    if (complete) return read;
    after = { modifiedAt: last.modifiedAt, key: last.key };
  }
}
