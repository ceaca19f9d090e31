// `--pretokenizer` for `train`: a preset name or a tokenizer.json whose normalizer and pre_tokenizer are taken.
// Example: "gpt2" -> ByteLevel with GPT-2's regex; "llama3" -> Split(Llama 3's regex) + ByteLevel.

import { InputError } from '../lib/core/errors.ts';
import { parseJsonFile } from '../lib/core/load-tokenizer-json.ts';
import { parseNormalizer } from '../lib/core/normalize.ts';
import { parsePreTokenizer } from '../lib/core/pre-tokenize.ts';
import { PRESET_PRETOKENIZERS, type PresetName } from '../lib/core/presets.ts';
import type { NormalizerSpec, PreTokenizerSpec } from '../lib/core/types.ts';
import { readText } from './tokenizer-arg.ts';

export interface PipelineSpecs {
  normalizer: NormalizerSpec | null;
  preTokenizer: PreTokenizerSpec | null;
}

export const PRETOKENIZER_ARG_HELP = `${Object.keys(PRESET_PRETOKENIZERS).join(', ')}, or a tokenizer.json whose normalizer and pre_tokenizer to use`;

export async function loadPipelineArg(arg: string): Promise<PipelineSpecs> {
  if (arg in PRESET_PRETOKENIZERS) {
    const preset = PRESET_PRETOKENIZERS[arg as PresetName];
    return { normalizer: preset.normalizer, preTokenizer: preset.preTokenizer };
  }
  if (!arg.endsWith('.json')) throw new InputError(`--pretokenizer "${arg}" is neither a preset (${Object.keys(PRESET_PRETOKENIZERS).join(', ')}) nor a .json file`);
  const json = parseJsonFile(await readText(arg), arg) as Record<string, unknown>;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new InputError('expected a JSON object (a tokenizer.json)', arg);
  if (!('pre_tokenizer' in json)) throw new InputError('has no "pre_tokenizer" field: is it a tokenizer.json?', arg);
  return {
    normalizer: parseNormalizer(json.normalizer ?? null, `${arg} normalizer`),
    preTokenizer: parsePreTokenizer(json.pre_tokenizer, `${arg} pre_tokenizer`),
  };
}
