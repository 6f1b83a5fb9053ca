import { describe, expect, it } from 'vitest';
import { LruCache } from '../src/rpc/lru-cache.js';

describe('the LRU cache', () => {
  it('drops the least recently used entry over the count bound', () => {
    const cache = new LruCache<string, number>(2, 1000);
    cache.set('a', 1, 1);
    cache.set('b', 2, 1);
    cache.get('a');
    cache.set('c', 3, 1);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
  });

  it('drops entries until the total size fits the byte bound', () => {
    const cache = new LruCache<string, number>(10, 100);
    cache.set('a', 1, 60);
    cache.set('b', 2, 30);
    cache.set('c', 3, 30);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.bytes).toBe(60);
    expect(cache.size).toBe(2);
  });

  it('keeps nothing larger than the byte bound on its own', () => {
    const cache = new LruCache<string, number>(10, 100);
    cache.set('a', 1, 10);
    cache.set('huge', 2, 101);
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
  });

  it('replaces a value under the same key without counting it twice', () => {
    const cache = new LruCache<string, number>(10, 100);
    cache.set('a', 1, 40);
    cache.set('a', 2, 50);
    expect(cache.get('a')).toBe(2);
    expect(cache.bytes).toBe(50);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });
});
