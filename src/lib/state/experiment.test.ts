import { describe, expect, it } from 'vitest';
import { randomShares } from '../core/baselines.ts';
import type { CorpusCategory } from '../core/corpora-manifest.ts';
import { EXPERIMENT_DEFAULTS, ExperimentController } from './experiment.svelte.ts';

// The experiment's inputs, without workers: which weights a run would use, and the checks that stop a run before
// any worker starts. (The run itself is covered by e2e/experiment.spec.ts.)

const part = (bytes: number) => ({ file: 'x.txt.gz', bytes, documents: 1, sha256: '' });
const category = (id: string, name: string, train: number): CorpusCategory =>
  ({ id, name, kind: 'language', script: 'Latin', source: [], license: '', parts: { train: part(train), sample: part(1_000_000) } });
const catalog = [category('en', 'English', 1_700_000), category('de', 'German', 1_800_000), category('fr', 'French', 1_800_000), category('python', 'Python', 1_800_000)];

function controller(): ExperimentController {
  const exp = new ExperimentController();
  exp.catalog = catalog;
  return exp;
}

describe('ExperimentController', () => {
  it('draws random weights from the seed for the chosen categories in the catalogue order', () => {
    const exp = controller();
    exp.chosen = ['python', 'en', 'fr'];
    expect(exp.categories.map((c) => c.id)).toEqual(['en', 'fr', 'python']);
    expect(Array.from(exp.weights.values!)).toEqual(Array.from(randomShares(3, EXPERIMENT_DEFAULTS.seed)));
    exp.seed = 2;
    expect(Array.from(exp.weights.values!)).toEqual(Array.from(randomShares(3, 2)));
    exp.seed = -1;
    expect(exp.weights.problem).toMatch(/whole number/);
    exp.seed = 2 ** 32; // a whole number, but past the generator's 32 bits: said so
    expect(exp.weights.problem).toBe('The seed must be a whole number from 0 to 4,294,967,295.');
    expect(exp.canRun).toBe(false);
  });

  it('starts hand-set weights from the drawn ones, then renormalises the sliders', () => {
    const exp = controller();
    const drawn = exp.weights.values!;
    exp.setMode('manual');
    expect(exp.sliders).toEqual({ en: Math.round(drawn[0] * 100), fr: Math.round(drawn[1] * 100), python: Math.round(drawn[2] * 100) });
    exp.sliders = { en: 30, fr: 10, python: 0 };
    expect(Array.from(exp.weights.values!)).toEqual([0.75, 0.25, 0]);
    exp.sliders = { en: 0, fr: 0, python: 0 };
    expect(exp.weights.problem).toMatch(/^Every weight is zero/);
    expect(exp.canRun).toBe(false);
  });

  it('needs two categories, and refuses a training text the parts cannot hold before starting any worker', async () => {
    const exp = controller();
    exp.chosen = ['en'];
    expect(exp.weights.problem).toMatch(/at least two/);
    exp.chosen = ['en', 'de'];
    exp.mode = 'manual';
    exp.sliders = { en: 90, de: 10 };
    exp.trainKb = 2000;
    expect(exp.settingsError).toBeNull(); // nothing is said before Run is pressed
    await exp.run();
    expect(exp.running).toBe(false);
    expect(exp.settingsError).toMatch(/^English needs 1,800 kB of training text \(weight 90\.0% of 2,000 kB\) .* at most 1,888\.8 kB in all$/);
    // From then on the message follows the inputs: it changes with them and goes once they are fine.
    exp.trainKb = Number.NaN;
    expect(exp.settingsError).toMatch(/training text \(kB\) must be a number from 10 to 10,000/);
    exp.trainKb = 600;
    expect(exp.settingsError).toBeNull();
    exp.stopGapPercent = 100;
    await exp.run();
    expect(exp.running).toBe(false);
    expect(exp.settingsError).toBe('The stop gap must be a percentage from 0 (solve exactly) up to, not including, 100.');
    expect(exp.error).toBeNull(); // the run's own error line is for what goes wrong in a run
  });
});
