import { describe, expect, it } from 'vitest';
import { DetailCache } from './detail-cache';

describe('DetailCache', () => {
  it('answers only for the same key and ModifiedDate, and forgets the least recently used first', () => {
    const cache = new DetailCache<string>(2);
    cache.set('a', '2024-05-01T12:00:00.003Z', 'A1');
    cache.set('b', '2024-05-01T12:00:00.007Z', 'B1');
    expect(cache.get('a', '2024-05-01T12:00:00.003Z')).toBe('A1');
    expect(cache.get('a', '2024-05-01T12:00:01.000Z')).toBeUndefined();
    cache.set('c', '2024-05-01T12:00:02.000Z', 'C1');
    expect(cache.get('b', '2024-05-01T12:00:00.007Z')).toBeUndefined();
    expect(cache.get('a', '2024-05-01T12:00:00.003Z')).toBe('A1');
    expect(cache.size).toBe(2);
  });

  it('does not trust a midnight ModifiedDate (a date-only MODIFDT) as a version', () => {
    const cache = new DetailCache<string>(10);
    cache.set('a', '2024-05-01T00:00:00.000Z', 'A');
    expect(cache.get('a', '2024-05-01T00:00:00.000Z')).toBeUndefined();
  });

  it('forgets what was modified before a list start, since no later list shows it again', () => {
    const cache = new DetailCache<string>(10);
    cache.set('a', '2024-05-01T12:00:00.003Z', 'A');
    cache.set('b', '2024-05-01T12:00:05.000Z', 'B');
    cache.forgetModifiedBefore(Date.parse('2024-05-01T12:00:01.000Z'));
    expect(cache.get('a', '2024-05-01T12:00:00.003Z')).toBeUndefined();
    expect(cache.get('b', '2024-05-01T12:00:05.000Z')).toBe('B');
    expect(cache.size).toBe(1);
  });
});
