import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalDiskStorage } from './local-disk.storage.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'qm-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const store = new LocalDiskStorage(path.join(root, 'files'));

describe('local disk storage', () => {
  it('stores, reads whole or a byte range, stats and deletes', async () => {
    expect(await store.put('ab/abc123', Readable.from([Buffer.from('hello '), Buffer.from('world')]))).toEqual({
      size: 11,
    });
    expect(await text(await store.open('ab/abc123'))).toBe('hello world');
    expect(await text(await store.open('ab/abc123', { start: 6, end: 9 }))).toBe('worl');
    expect(await store.stat('ab/abc123')).toEqual({ size: 11 });
    await store.delete('ab/abc123');
    expect(await store.stat('ab/abc123')).toBeUndefined();
    await store.delete('ab/abc123');
  });

  it('refuses keys that could leave the store', async () => {
    for (const key of ['../x', 'a/../../x', '/etc/passwd', 'a//b', 'A/B', '.hidden', 'a\\b', '']) {
      await expect(store.put(key, Readable.from([Buffer.from('x')]))).rejects.toThrow(/unsafe storage key/);
    }
  });

  it('leaves nothing behind when the source fails half way', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.from('part'));
        this.destroy(new Error('connection lost'));
      },
    });
    await expect(store.put('cd/broken', failing)).rejects.toThrow('connection lost');
    expect(await store.stat('cd/broken')).toBeUndefined();
    expect(readdirSync(path.join(root, 'files', 'cd'))).toEqual([]);
  });
});
