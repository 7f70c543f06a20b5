import { describe, expect, it } from 'vitest';
import { PageCollector } from './page-collector';

const at = (modifiedMs: number, key: string) => ({ modifiedMs, key });

describe('PageCollector', () => {
  it('keeps the smallest entries by (time, key) whatever order they arrive in, and says more exist', () => {
    const collector = new PageCollector(3, undefined);
    for (const entry of [at(5, 'e'), at(1, 'b'), at(3, 'c'), at(1, 'a'), at(9, 'z'), at(3, 'd')])
      collector.offer(entry);
    expect(collector.sorted()).toEqual([at(1, 'a'), at(1, 'b'), at(3, 'c')]);
    expect(collector.overflow).toBe(true);
  });

  it('takes only entries strictly after the keyset position: same time, greater key', () => {
    const collector = new PageCollector(10, at(3, 'b'));
    for (const entry of [at(2, 'z'), at(3, 'a'), at(3, 'b'), at(3, 'c'), at(4, 'a')]) collector.offer(entry);
    expect(collector.sorted()).toEqual([at(3, 'c'), at(4, 'a')]);
    expect(collector.overflow).toBe(false);
  });

  it('counts a document listed twice once, at its later position', () => {
    const collector = new PageCollector(2, undefined);
    collector.offer(at(1, 'a'));
    collector.offer(at(2, 'b'));
    collector.offer(at(5, 'a'));
    expect(collector.sorted()).toEqual([at(2, 'b'), at(5, 'a')]);
    expect(collector.overflow).toBe(false);
    collector.offer(at(1, 'a'));
    expect(collector.sorted()).toEqual([at(2, 'b'), at(5, 'a')]);
  });

  it('remembers that a document moved past a full page exists beyond it', () => {
    const collector = new PageCollector(2, undefined);
    collector.offer(at(1, 'a'));
    collector.offer(at(2, 'b'));
    collector.offer(at(9, 'a'));
    expect(collector.sorted()).toEqual([at(2, 'b'), at(9, 'a')]);
    collector.offer(at(3, 'c'));
    expect(collector.sorted()).toEqual([at(2, 'b'), at(3, 'c')]);
    expect(collector.overflow).toBe(true);
  });

  it('stays exact under many random offers', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const entries = Array.from({ length: 2_000 }, (_, i) => at(Math.floor(random() * 50), `k${i}`));
    const collector = new PageCollector(101, at(10, 'k5'));
    for (const entry of entries) collector.offer(entry);
    const expected = entries
      .filter((entry) => entry.modifiedMs > 10 || (entry.modifiedMs === 10 && entry.key > 'k5'))
      .sort((a, b) => a.modifiedMs - b.modifiedMs || (a.key < b.key ? -1 : 1))
      .slice(0, 101);
    expect(collector.sorted()).toEqual(expected);
  });
});
