/** Something listed at a position in GP's change order. */
export interface Positioned {
  readonly key: string;
  /** Epoch ms of the (ISO, millisecond) modifiedAt; compared as instants, then by key. */
  readonly modifiedMs: number;
}

/** (modifiedMs, key) order, the same as comparePositions of ../gp-source.ts. */
export function comparePositioned(left: Positioned, right: Positioned): number {
  if (left.modifiedMs !== right.modifiedMs) return left.modifiedMs - right.modifiedMs;
  return left.key < right.key ? -1 : left.key > right.key ? 1 : 0;
}

/**
 * Keeps the `capacity` smallest entries (by position) strictly after
 * `after`, one per key: a document listed twice (changed while we listed
 * windows) counts once, at its later position. A bounded max-heap: memory
 * is O(capacity) however many entries GP lists, and `overflow` remembers
 * that at least one entry did not fit, so "is there more" stays exact.
 */
export class PageCollector<T extends Positioned> {
  private readonly heap: T[] = [];
  private readonly byKey = new Map<string, T>();
  private overflowed = false;

  constructor(
    private readonly capacity: number,
    private readonly after: Positioned | undefined,
  ) {
    if (!(capacity >= 1)) throw new RangeError('capacity must be at least 1');
  }

  get size(): number {
    return this.heap.length;
  }

  /** True once an entry was left out or pushed out for lack of room. */
  get overflow(): boolean {
    return this.overflowed;
  }

  offer(item: T): void {
    if (this.after !== undefined && comparePositioned(item, this.after) <= 0) return;
    const existing = this.byKey.get(item.key);
    if (existing !== undefined) {
      if (comparePositioned(item, existing) <= 0) return;
      this.remove(existing);
    }
    if (this.heap.length < this.capacity) {
      this.push(item);
      return;
    }
    this.overflowed = true;
    if (comparePositioned(item, this.heap[0]!) < 0) {
      this.byKey.delete(this.heap[0]!.key);
      this.heap[0] = item;
      this.byKey.set(item.key, item);
      this.siftDown(0);
    }
  }

  /** Everything kept, in position order. */
  sorted(): T[] {
    return [...this.heap].sort(comparePositioned);
  }

  private push(item: T): void {
    this.heap.push(item);
    this.byKey.set(item.key, item);
    this.siftUp(this.heap.length - 1);
  }

  /** Rare (a document listed twice), so a linear search is fine. */
  private remove(item: T): void {
    const at = this.heap.indexOf(item);
    this.byKey.delete(item.key);
    const last = this.heap.pop()!;
    if (at === this.heap.length) return;
    this.heap[at] = last;
    this.siftUp(at);
    this.siftDown(at);
  }

  private siftUp(at: number): void {
    const { heap } = this;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (comparePositioned(heap[at]!, heap[parent]!) <= 0) return;
      [heap[at], heap[parent]] = [heap[parent]!, heap[at]!];
      at = parent;
    }
  }

  private siftDown(at: number): void {
    const { heap } = this;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let largest = at;
      if (left < heap.length && comparePositioned(heap[left]!, heap[largest]!) > 0) largest = left;
      if (right < heap.length && comparePositioned(heap[right]!, heap[largest]!) > 0) largest = right;
      if (largest === at) return;
      [heap[at], heap[largest]] = [heap[largest]!, heap[at]!];
      at = largest;
    }
  }
}
