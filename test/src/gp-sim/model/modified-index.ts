interface Entry {
  readonly ts: number;
  readonly key: string;
  readonly version: number;
}

/**
 * Keys ordered by modification time, so "modified since" reads cost
 * O(log n + k) instead of a scan. Like the DEX_ROW_TS index a DBA would add.
 * Updates append a new entry and leave the old one stale; stale entries are
 * skipped on read and compacted away once they outnumber live ones.
 */
export class ModifiedIndex {
  private entries: Entry[] = [];
  private readonly versions = new Map<string, number>();
  private staleCount = 0;

  get size(): number {
    return this.versions.size;
  }

  /** Replaces all content; one sort instead of n inserts (for generated data). */
  load(items: readonly { key: string; ts: number }[]): void {
    this.versions.clear();
    this.staleCount = 0;
    this.entries = items.map((item) => ({ ts: item.ts, key: item.key, version: 1 }));
    this.entries.sort((x, y) => x.ts - y.ts);
    for (const item of items) this.versions.set(item.key, 1);
  }

  upsert(key: string, ts: number): void {
    const previous = this.versions.get(key);
    const version = (previous ?? 0) + 1;
    if (previous !== undefined) this.staleCount++;
    this.versions.set(key, version);
    const entry = { ts, key, version };
    const last = this.entries[this.entries.length - 1];
    if (last === undefined || last.ts <= ts) this.entries.push(entry);
    else this.entries.splice(this.lowerBound(ts + 1), 0, entry);
    this.compactIfNeeded();
  }

  remove(key: string): void {
    if (this.versions.delete(key)) {
      this.staleCount++;
      this.compactIfNeeded();
    }
  }

  /** Keys with fromMs ≤ ts ≤ toMs, oldest first. */
  *range(fromMs = Number.NEGATIVE_INFINITY, toMs = Number.POSITIVE_INFINITY): Generator<string> {
    for (let at = this.lowerBound(fromMs); at < this.entries.length; at++) {
      const entry = this.entries[at]!;
      if (entry.ts > toMs) return;
      if (this.versions.get(entry.key) === entry.version) yield entry.key;
    }
  }

  /** First position whose ts is ≥ `ts`. */
  private lowerBound(ts: number): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.entries[middle]!.ts < ts) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private compactIfNeeded(): void {
    if (this.staleCount < 1024 || this.staleCount < this.entries.length / 2) return;
    this.entries = this.entries.filter((entry) => this.versions.get(entry.key) === entry.version);
    this.staleCount = 0;
  }
}
