// The tokenizer picker's comparison: another preset's repaired merge list, held as fingerprints only, so the page can
// say how many leading merges the loaded tokenizer shares with it (Llama 3 and cl100k: 100,000) and offer the tail.
// Loaded in its own short-lived tokenizer worker; a newer choice wins over a slower, older one.

import { type PresetEntry } from '../core/preset-index.ts';
import { call, spawnTokenizerWorker, type Spawned } from './workers.ts';
import type { TokenizerWorkerApi } from '../../../workers/worker-types.ts';

const BASE = import.meta.env.BASE_URL;

export class PrefixCompare {
  /** The preset compared with ('' for none). */
  againstId = $state('');
  loading = $state(false);
  error: string | null = $state(null);
  other: { id: string; name: string; fingerprints: Int32Array } | null = $state.raw(null);
  private worker: Spawned<TokenizerWorkerApi> | null = null;

  async choose(id: string, presets: PresetEntry[]): Promise<void> {
    this.worker?.terminate();
    this.worker = null;
    this.againstId = id;
    this.error = null;
    const entry = presets.find((p) => p.id === id);
    if (!entry) {
      this.other = null;
      this.loading = false;
      return;
    }
    if (this.other?.id === id) return;
    const worker = (this.worker = spawnTokenizerWorker());
    this.loading = true;
    try {
      const url = new URL(`${BASE}presets/${entry.file}`, location.href).href;
      const got = await call(worker, (api) => api.presetFingerprints(url, entry));
      if (this.worker === worker) this.other = { id, ...got };
    } catch (e) {
      if (this.worker === worker) {
        this.other = null;
        this.error = `Could not load ${entry.name} to compare with: ${e instanceof Error ? e.message : String(e)}`;
      }
    } finally {
      if (this.worker === worker) {
        worker.terminate();
        this.worker = null;
        this.loading = false;
      }
    }
  }
}
