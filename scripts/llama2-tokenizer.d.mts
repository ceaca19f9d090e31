/** Llama 2's tokenizer.json as an object (scripts/llama2-tokenizer.mjs). */
export function llama2TokenizerJson(): Record<string, unknown>;
