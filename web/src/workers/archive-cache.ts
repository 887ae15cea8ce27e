// A copy of the archive, written as the verifier first reads it, in this origin's private
// file system (OPFS, in the worker: a synchronous access handle), so that the second
// reading that re-votes need (or that names what differs in an altered archive) reads
// this device's copy instead of downloading the archive again. Only the archive's bytes
// are written, in a file of our own folder, and the file is deleted when the
// verification ends, is stopped or fails; files left by a tab that closed mid-way are
// deleted at the next start (a file still open in another tab is locked and stays).
// Where there is no OPFS, not room enough, or a write is refused (the quota), there is no
// copy, and the verifier downloads the archive again as before.

/** The parts of a synchronous access handle used here (FileSystemSyncAccessHandle). */
export interface SyncHandle {
  write(buffer: Uint8Array, options: { at: number }): number;
  read(buffer: Uint8Array, options: { at: number }): number;
  close(): void;
}
/** The parts of a directory handle used here (FileSystemDirectoryHandle). */
export interface CacheDirectory {
  getFileHandle(name: string, options: { create: boolean }): Promise<{ createSyncAccessHandle(): Promise<SyncHandle> }>;
  getDirectoryHandle(name: string, options: { create: boolean }): Promise<CacheDirectory>;
  removeEntry(name: string): Promise<void>;
  keys(): AsyncIterable<string>;
}
/** The parts of navigator.storage used here. */
export interface DeviceStorage {
  getDirectory(): Promise<CacheDirectory>;
  estimate(): Promise<{ quota?: number; usage?: number }>;
}

const FOLDER = 'jirga-verifier';
/** Room left free beyond the archive (the quota is shared with the app's offline data). */
const MARGIN = 4 * 2 ** 20;
/** Bytes read from the copy at a time. */
export const READ_PIECE = 2 ** 20;

export class ArchiveCache {
  private size = 0;
  private whole = false;
  private gone = false;

  private constructor(
    private readonly folder: CacheDirectory,
    private readonly name: string,
    private readonly handle: SyncHandle,
  ) {}

  /** A new, empty copy, once stale files are deleted; undefined when the browser cannot keep
   * one or has no room for `size` bytes (the archive's size, when the download says it). */
  static async open(size: number | undefined, storage: DeviceStorage | undefined = (globalThis.navigator?.storage as unknown as DeviceStorage | undefined)): Promise<ArchiveCache | undefined> {
    if (!storage?.getDirectory) return undefined;
    try {
      const root = await storage.getDirectory();
      const folder = await root.getDirectoryHandle(FOLDER, { create: true });
      for await (const stale of folder.keys()) await folder.removeEntry(stale).catch(() => undefined);
      const { quota, usage } = await storage.estimate();
      if (quota !== undefined && quota - (usage ?? 0) < (size ?? 0) + MARGIN) return undefined;
      const name = `archive-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}.bel`;
      const file = await folder.getFileHandle(name, { create: true });
      try {
        return new ArchiveCache(folder, name, await file.createSyncAccessHandle());
      } catch {
        await folder.removeEntry(name).catch(() => undefined);
        return undefined;
      }
    } catch {
      return undefined;
    }
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.size;
  }

  /** Whether the copy holds the whole archive (the download ended and every piece was written). */
  get complete(): boolean {
    return this.whole && !this.gone;
  }

  /** Appends the next piece; false when the copy was given up (the quota refused it:
   * QuotaExceededError, or a short write, which is how some Chromium versions say it). */
  write(piece: Uint8Array): boolean {
    if (this.gone) return false;
    let written: number;
    try {
      written = this.handle.write(piece, { at: this.size });
    } catch {
      written = -1;
    }
    if (written !== piece.length) {
      void this.discard();
      return false;
    }
    this.size += written;
    return true;
  }

  /** The download ended: the copy is the whole archive. */
  end(): void {
    this.whole = true;
  }

  /** The copy, READ_PIECE bytes at a time, each a new buffer (the reader may keep it). */
  async *read(): AsyncGenerator<Uint8Array> {
    for (let at = 0; at < this.size; ) {
      if (this.gone) throw new Error('the copy of the archive on this device was deleted');
      const piece = new Uint8Array(Math.min(READ_PIECE, this.size - at));
      const n = this.handle.read(piece, { at });
      if (n !== piece.length) throw new Error('the copy of the archive on this device could not be read');
      at += n;
      yield piece;
    }
  }

  /** Closes and deletes the copy (again: nothing). */
  async discard(): Promise<void> {
    if (this.gone) return;
    this.gone = true;
    try {
      this.handle.close();
    } catch {
      // already closed
    }
    await this.folder.removeEntry(this.name).catch(() => undefined);
  }
}
