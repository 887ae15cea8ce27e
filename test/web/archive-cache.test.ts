// The copy of the archive the browser verifier keeps on this device for its second
// reading (web/src/workers/archive-cache.ts), over an in-memory stand-in for the origin's
// private file system that refuses writes beyond a quota (as Chromium does: by throwing
// QuotaExceededError, or, in some versions, by a short write) and keeps a file open in
// another tab locked. The copy reads back byte for byte; it is given up at the first
// refused write and deleted then, and when discarded; stale files go at the next start.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ArchiveCache, READ_PIECE, type CacheDirectory, type DeviceStorage, type SyncHandle } from '../../web/src/workers/archive-cache.ts';

class FakeFile {
  data = new Uint8Array(0);
  open = false;
}

class FakeDirectory implements CacheDirectory {
  readonly files = new Map<string, FakeFile>();
  readonly folders = new Map<string, FakeDirectory>();
  constructor(private readonly disk: { used: number; quota: number; refusal: 'throw' | 'short' }) {}
  async getDirectoryHandle(name: string, { create }: { create: boolean }): Promise<CacheDirectory> {
    if (!this.folders.has(name) && create) this.folders.set(name, new FakeDirectory(this.disk));
    return this.folders.get(name)!;
  }
  async getFileHandle(name: string, { create }: { create: boolean }) {
    if (!this.files.has(name) && create) this.files.set(name, new FakeFile());
    const file = this.files.get(name)!;
    const disk = this.disk;
    return {
      async createSyncAccessHandle(): Promise<SyncHandle> {
        if (file.open) throw new DOMException('locked', 'NoModificationAllowedError');
        file.open = true;
        return {
          write(buffer, { at }) {
            if (!file.open) throw new DOMException('closed', 'InvalidStateError');
            const grow = Math.max(0, at + buffer.length - file.data.length);
            if (disk.used + grow > disk.quota) {
              if (disk.refusal === 'throw') throw new DOMException('quota', 'QuotaExceededError');
              return 2 ** 32 - 8; // what this machine's Chromium returned
            }
            disk.used += grow;
            const next = new Uint8Array(Math.max(file.data.length, at + buffer.length));
            next.set(file.data);
            next.set(buffer, at);
            file.data = next;
            return buffer.length;
          },
          read(buffer, { at }) {
            const part = file.data.subarray(at, at + buffer.length);
            buffer.set(part);
            return part.length;
          },
          close() {
            file.open = false;
          },
        };
      },
    };
  }
  async removeEntry(name: string): Promise<void> {
    const file = this.files.get(name);
    if (!file) throw new DOMException('absent', 'NotFoundError');
    if (file.open) throw new DOMException('in use', 'NoModificationAllowedError');
    this.disk.used -= file.data.length;
    this.files.delete(name);
  }
  async *keys(): AsyncIterable<string> {
    yield* [...this.files.keys()];
  }
}

function fakeStorage(quota = 1e9, refusal: 'throw' | 'short' = 'throw') {
  const disk = { used: 0, quota, refusal };
  const root = new FakeDirectory(disk);
  const storage: DeviceStorage = { getDirectory: async () => root, estimate: async () => ({ quota: disk.quota, usage: disk.used }) };
  const folder = async () => (await root.getDirectoryHandle('jirga-verifier', { create: true })) as FakeDirectory;
  return { storage, folder, disk };
}

const pieces = (sizes: number[]) => sizes.map((n, k) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + k) % 256));
const joined = (parts: Uint8Array[]) => Buffer.concat(parts.map((p) => Buffer.from(p)));

describe('the copy of the archive on this device', () => {
  test('reads back byte for byte, is whole only once the download ended, and is deleted when discarded', async () => {
    const { storage, folder } = fakeStorage();
    const copy = (await ArchiveCache.open(undefined, storage))!;
    assert.ok(copy);
    const parts = pieces([65536, 3, READ_PIECE + 17, 100_000]);
    for (const p of parts) assert.equal(copy.write(p), true);
    assert.equal(copy.complete, false);
    copy.end();
    assert.equal(copy.complete, true);
    const read: Uint8Array[] = [];
    for await (const p of copy.read()) read.push(p);
    assert.ok(read.every((p) => p.length <= READ_PIECE));
    assert.deepEqual(joined(read), joined(parts));
    assert.equal((await folder()).files.size, 1);
    await copy.discard();
    assert.equal((await folder()).files.size, 0, 'deleted');
    assert.equal(copy.complete, false);
  });

  for (const refusal of ['throw', 'short'] as const) {
    test(`a write the quota refuses (${refusal === 'throw' ? 'QuotaExceededError' : 'a short write'}): the copy is given up and deleted`, async () => {
      const { storage, folder, disk } = fakeStorage(Infinity, refusal);
      const copy = (await ArchiveCache.open(undefined, storage))!;
      disk.quota = 150_000; // the estimate said there was room; the disk filled meanwhile
      const [a, b, c] = pieces([100_000, 100_000, 10]);
      assert.equal(copy.write(a!), true);
      assert.equal(copy.write(b!), false);
      assert.equal(copy.write(c!), false, 'nothing more is written');
      copy.end();
      assert.equal(copy.complete, false, 'not a copy to read again from');
      await new Promise((r) => setTimeout(r, 0));
      assert.equal((await folder()).files.size, 0, 'the partial copy is deleted');
      assert.equal(disk.used, 0);
    });
  }

  test('no copy when the estimate leaves no room for the archive, or without a private file system', async () => {
    const { storage, folder } = fakeStorage(10 * 2 ** 20);
    assert.equal(await ArchiveCache.open(20 * 2 ** 20, storage), undefined);
    assert.equal((await folder()).files.size, 0);
    assert.ok(await ArchiveCache.open(1000, storage), 'room for a small one');
    assert.equal(await ArchiveCache.open(1000, undefined), undefined);
    assert.equal(await ArchiveCache.open(1000, { estimate: async () => ({}) } as unknown as DeviceStorage), undefined);
  });

  test('a copy left by a closed tab is deleted at the next start; one still open in another tab stays', async () => {
    const { storage, folder } = fakeStorage();
    const other = (await ArchiveCache.open(undefined, storage))!;
    other.write(pieces([10])[0]!);
    const dir = await folder();
    const stale = await dir.getFileHandle('archive-stale.bel', { create: true });
    (await stale.createSyncAccessHandle()).close();
    assert.equal(dir.files.size, 2);
    const mine = (await ArchiveCache.open(undefined, storage))!;
    assert.ok(mine);
    assert.equal(dir.files.has('archive-stale.bel'), false, 'the stale file is deleted');
    assert.equal(dir.files.size, 2, "the other tab's copy and this one");
    await other.discard();
    await mine.discard();
    assert.equal(dir.files.size, 0);
  });
});
