// A tokenizer described in plain words for the page: name, merges, byte- or character-level, and what its
// normalizer and pre-tokenizer do. Strings only (the page renders them as text).
// Example: cl100k -> { level: 'byte-level (256 byte symbols)', preTokenizer: 'split at a regex (each match a piece of its own), then bytes mapped to symbols', ... }

import { describeUnits, unitRulesOf } from './char-level.ts';
import type { RepairReport } from './merge-repair.ts';
import type { NormalizerSpec, PreTokenizerSpec, SplitBehavior, Tokenizer } from './types.ts';

export interface TokenizerSummary {
  name: string;
  format: string;
  merges: number;
  vocabulary: number;
  level: string;
  normalizer: string;
  preTokenizer: string;
  /** How sample text is cut before pairs are counted (SentencePiece-style units for character-level tokenizers). */
  units: string;
  warnings: string[];
  /** What merge-repair found in the list and did about it (the page's analysis reads the repaired list). */
  repair?: RepairReport;
  /** One number per repaired merge (mergeFingerprints): finds a beginning shared with another tokenizer's list. */
  fingerprints?: Int32Array;
}

export function summarizeTokenizer(tok: Tokenizer): TokenizerSummary {
  return {
    name: tok.name,
    format: tok.format,
    merges: tok.mergeLeft.length,
    vocabulary: tok.vocab.length,
    level: tok.level === 'byte' ? 'byte-level: text is cut into bytes first' : `character-level${tok.byteFallback ? ' with byte fallback' : ''}`,
    normalizer: tok.normalizer ? describeNormalizer(tok.normalizer) : 'none: text is used as it is',
    preTokenizer: tok.preTokenizer ? describePreTokenizer(tok.preTokenizer) : 'none: each line is one word',
    units: describeUnits(unitRulesOf(tok)),
    warnings: tok.warnings,
  };
}

export function describeNormalizer(n: NormalizerSpec): string {
  switch (n.type) {
    case 'NFC': case 'NFD': case 'NFKC': case 'NFKD': return `Unicode ${n.type} normalisation`;
    case 'Lowercase': return 'lowercase';
    case 'Replace': return `replace ${'String' in n.pattern ? JSON.stringify(n.pattern.String) : 'a regex'} by ${JSON.stringify(n.content)}`;
    case 'Prepend': return `prepend ${JSON.stringify(n.prepend)}`;
    case 'Strip': return 'strip whitespace';
    case 'Sequence': return n.normalizers.map(describeNormalizer).join(', then ') || 'none';
  }
}

/** HF's split behaviours in words: where a match goes. Example: Gemma 3's MergedWithPrevious -> each match ends the piece before it. */
const SPLIT_BEHAVIOR: Record<SplitBehavior, string> = {
  Removed: 'each match dropped',
  Isolated: 'each match a piece of its own',
  MergedWithPrevious: 'each match ends the piece before it',
  MergedWithNext: 'each match starts the next piece',
  Contiguous: 'runs of matches one piece',
};

/**
 * A pre-tokenizer in words. Examples: GPT-2's ByteLevel -> "GPT-2's regex, then bytes mapped to symbols";
 * Split " " MergedWithPrevious -> 'split at " " (each match ends the piece before it)'.
 */
export function describePreTokenizer(p: PreTokenizerSpec): string {
  switch (p.type) {
    case 'Split': {
      const by = 'Regex' in p.pattern ? 'a regex' : JSON.stringify(p.pattern.String);
      return p.invert ? `pieces that match ${by} (${SPLIT_BEHAVIOR[p.behavior]})` : `split at ${by} (${SPLIT_BEHAVIOR[p.behavior]})`;
    }
    case 'ByteLevel': return p.use_regex ? "GPT-2's regex, then bytes mapped to symbols" : 'bytes mapped to symbols';
    case 'Digits': return p.individual_digits ? 'each digit apart' : 'digit runs apart';
    case 'Metaspace': return `spaces become ${JSON.stringify(p.replacement)}`;
    case 'Whitespace': return 'split at whitespace and punctuation';
    case 'WhitespaceSplit': return 'split at whitespace';
    case 'Punctuation': return 'punctuation apart';
    case 'Sequence': return p.pretokenizers.map(describePreTokenizer).join(', then ') || 'none';
  }
}
