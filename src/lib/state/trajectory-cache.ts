// Trajectories kept across page loads in IndexedDB (key: cache-key.ts's trajectoryKey). A replay is stored as it
// came from the worker: the structured clone keeps its typed arrays' buffers as they are. A second store holds each
// entry's size, so counting what is kept reads a few numbers instead of every trajectory.
// Everything degrades to "no cache": IndexedDB missing or refused (some private windows), a full quota, a failed
// read all leave the run going, with a note for the user.

import type { CategoryReplay } from '../core/category-run.ts';
import { replayBytes, servingKey, splitTrajectoryKey } from './cache-key.ts';

const DB_NAME = 'mergeprint-trajectories';
const REPLAYS = 'replays';
const SIZES = 'sizes';

export interface CacheStats {
  count: number;
  bytes: number;
}

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new DOMException('aborted', 'AbortError'));
  });
}

export class TrajectoryCache {
  /** Null when IndexedDB cannot be used; `unavailable` then says why. */
  private readonly db: Promise<IDBDatabase | null>;
  unavailable: string | null = null;

  constructor(factory: IDBFactory | undefined = globalThis.indexedDB) {
    this.db = this.open(factory).catch((e) => {
      this.unavailable = `this browser window does not allow storage (${e instanceof Error ? e.message : String(e)}), so trajectories are kept for this page only`;
      return null;
    });
  }

  private async open(factory: IDBFactory | undefined): Promise<IDBDatabase> {
    if (!factory) throw new Error('no IndexedDB');
    const req = factory.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore(REPLAYS);
      req.result.createObjectStore(SIZES);
    };
    return done(req);
  }

  async ready(): Promise<boolean> {
    return (await this.db) !== null;
  }

  async get(key: string): Promise<CategoryReplay | null> {
    const db = await this.db;
    if (!db) return null;
    try {
      const found = await done(db.transaction(REPLAYS, 'readonly').objectStore(REPLAYS).get(key));
      return (found as CategoryReplay | undefined) ?? null;
    } catch {
      return null;
    }
  }

  /**
   * The stored replay that serves `key` (cache-key.ts's servingKey: the same text, tokenizer and budget, to `key`'s
   * last merge or further), with its own key, or null. Such keys differ only in their last field, so they lie in one
   * key range. Example: stored '…|300000|5000' and '…|300000|2000', asked '…|300000|500' -> the 2,000-merge replay.
   */
  async getServing(key: string): Promise<{ key: string; replay: CategoryReplay } | null> {
    const db = await this.db;
    if (!db) return null;
    const { prefix } = splitTrajectoryKey(key);
    try {
      const range = IDBKeyRange.bound(`${prefix}|`, `${prefix}|\uffff`);
      const found = servingKey((await done(db.transaction(SIZES, 'readonly').objectStore(SIZES).getAllKeys(range))) as string[], key);
      const replay = found === null ? null : await this.get(found);
      return found !== null && replay ? { key: found, replay } : null;
    } catch {
      return null;
    }
  }

  /** Stores a replay; returns null, or why it could not be kept (a full quota). */
  async put(key: string, replay: CategoryReplay): Promise<string | null> {
    const db = await this.db;
    if (!db) return this.unavailable;
    try {
      const tx = db.transaction([REPLAYS, SIZES], 'readwrite');
      tx.objectStore(REPLAYS).put(replay, key);
      tx.objectStore(SIZES).put({ bytes: replayBytes(replay), saved: Date.now() }, key);
      await committed(tx);
      return null;
    } catch (e) {
      const full = e instanceof DOMException && e.name === 'QuotaExceededError';
      return full
        ? 'the browser\'s storage for this page is full, so this trajectory was not kept: Clear the cache or free space'
        : `the trajectory could not be kept (${e instanceof Error ? e.message : String(e)})`;
    }
  }

  async stats(): Promise<CacheStats> {
    const db = await this.db;
    if (!db) return { count: 0, bytes: 0 };
    const sizes = (await done(db.transaction(SIZES, 'readonly').objectStore(SIZES).getAll())) as { bytes: number }[];
    return { count: sizes.length, bytes: sizes.reduce((a, s) => a + s.bytes, 0) };
  }

  async clear(): Promise<void> {
    const db = await this.db;
    if (!db) return;
    const tx = db.transaction([REPLAYS, SIZES], 'readwrite');
    tx.objectStore(REPLAYS).clear();
    tx.objectStore(SIZES).clear();
    await committed(tx);
  }
}
