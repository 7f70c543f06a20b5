/**
 * The documents fetched lately, keyed by (key, modifiedAt). Every poll reads
 * its lookback window again; a document GP lists with the same ModifiedDate
 * as before has not changed (DEX_ROW_TS moves on every update), so its
 * by-key call is skipped: a poll that finds no changes costs only its list
 * requests. Least recently used entries go first; `capacity` bounds memory
 * (a record is about 1 kB).
 */
export class DetailCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(key: string, modifiedAt: string): V | undefined {
    const id = cacheId(key, modifiedAt);
    const value = this.entries.get(id);
    if (value !== undefined) {
      this.entries.delete(id);
      this.entries.set(id, value);
    }
    return value;
  }

  /**
   * Remembers a document. A ModifiedDate of exactly midnight is not
   * remembered: that is what a date-only MODIFDT looks like (research §4.8
   * [U]), and a date changes only once a day while the document may change
   * many times in it.
   */
  set(key: string, modifiedAt: string, value: V): void {
    if (this.capacity <= 0 || modifiedAt.endsWith('T00:00:00.000Z')) return;
    const id = cacheId(key, modifiedAt);
    this.entries.delete(id);
    this.entries.set(id, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  /**
   * Drops the documents modified before `sinceMs`: a list from there on
   * cannot show them again, so they would only hold memory (a backfill's
   * pages, once the cursor has moved past them).
   */
  forgetModifiedBefore(sinceMs: number): void {
    for (const id of this.entries.keys()) {
      if (Date.parse(id.slice(0, id.indexOf('\u0000'))) < sinceMs) this.entries.delete(id);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

function cacheId(key: string, modifiedAt: string): string {
  return `${modifiedAt}\u0000${key}`;
}
