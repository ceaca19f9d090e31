// The shared vocabulary of the core: one tokenizer model for every input format, the word tables the replay
// and the trainer work on, and the trajectory the replay records. Everything here is plain data (typed arrays,
// strings, numbers) so it can cross a worker boundary by structured clone or transfer.

/** A token's index in the tokenizer's vocabulary. */
export type TokenId = number;
/** A merge's 0-based position in the merge list (its priority: lower merges first). */
export type MergeRank = number;
/**
 * An ordered pair of token ids packed into one safe integer: `left * stride + right`, with `stride` a power of
 * two >= the vocabulary size (see `pairStride`). With a 200k vocabulary the stride is 2^18 and keys stay below 2^36.
 */
export type PairKey = number;

// ---------------------------------------------------------------------------------------------------------------
// Normalizers and pre-tokenizers: the subset of HuggingFace tokenizer.json that BPE tokenizers use, kept in the
// file's own shape (type tags and field names) so a spec can be shown to the user and written back unchanged.

export type NormalizerSpec =
  | { type: 'NFC' }
  | { type: 'NFD' }
  /**
   * unicode 'runtime': the JavaScript runtime's own Unicode tables (String.prototype.normalize), for a library that
   * normalizes text itself before encoding (Anthropic's legacy Claude tokenizer calls text.normalize('NFKC')).
   * Without it, HuggingFace tokenizers' tables, which lag behind on characters of recent Unicode versions.
   */
  | { type: 'NFKC'; unicode?: 'runtime' }
  | { type: 'NFKD' }
  | { type: 'Lowercase' }
  | { type: 'Replace'; pattern: PatternSpec; content: string }
  | { type: 'Prepend'; prepend: string }
  | { type: 'Strip'; strip_left: boolean; strip_right: boolean }
  | { type: 'Sequence'; normalizers: NormalizerSpec[] };

/** A Split / Replace pattern: a literal string or a regex in Rust/Oniguruma syntax (translated before use). */
export type PatternSpec = { String: string } | { Regex: string };

export type SplitBehavior = 'Removed' | 'Isolated' | 'MergedWithPrevious' | 'MergedWithNext' | 'Contiguous';

export type PreTokenizerSpec =
  | { type: 'Split'; pattern: PatternSpec; behavior: SplitBehavior; invert: boolean }
  | { type: 'ByteLevel'; add_prefix_space: boolean; trim_offsets?: boolean; use_regex: boolean }
  | { type: 'Digits'; individual_digits: boolean }
  | { type: 'Metaspace'; replacement: string; prepend_scheme: 'always' | 'never' | 'first'; split: boolean }
  | { type: 'Whitespace' }
  | { type: 'WhitespaceSplit' }
  | { type: 'Punctuation'; behavior: SplitBehavior }
  | { type: 'Sequence'; pretokenizers: PreTokenizerSpec[] };

// ---------------------------------------------------------------------------------------------------------------
// The loaded tokenizer.

/** Where a tokenizer came from, for messages and for the UI. */
export type TokenizerFormat = 'tokenizer.json' | 'merges.txt' | 'tiktoken' | 'trained';

/**
 * One BPE tokenizer, whatever file it came from. Token strings are in the model's own alphabet: for byte-level
 * tokenizers the GPT-2 byte-to-unicode characters ("Ġthe" for " the"), for character-level ones the characters
 * themselves ("▁the"), with byte-fallback tokens spelled "<0x0A>".
 *
 * Invariant: merge t (0-based) joins tokens mergeLeft[t] and mergeRight[t] into mergeResult[t], and
 * vocab[mergeResult[t]] === vocab[mergeLeft[t]] + vocab[mergeRight[t]].
 */
export interface Tokenizer {
  name: string;
  format: TokenizerFormat;
  /** 'byte': base symbols are the 256 bytes (ByteLevel); 'char': base symbols are characters (SentencePiece-style). */
  level: 'byte' | 'char';
  /** id -> token string; ids without a token (holes in a vocab) are ''. */
  vocab: string[];
  /** token string -> id (the inverse of vocab, for the model's tokens only; added tokens are in addedTokens). */
  tokenToId: Map<string, TokenId>;
  mergeLeft: Int32Array;
  mergeRight: Int32Array;
  mergeResult: Int32Array;
  normalizer: NormalizerSpec | null;
  preTokenizer: PreTokenizerSpec | null;
  /** HF BPE model options that change encoding. */
  byteFallback: boolean;
  ignoreMerges: boolean;
  unkToken: string | null;
  fuseUnk: boolean;
  /**
   * Added / special tokens matched in raw text before normalisation (content -> id), longest first when matching.
   * HF's options, absent meaning false: lstrip / rstrip take the whitespace before / after a match into the token,
   * singleWord matches only where no word character touches the token.
   */
  addedTokens: { content: string; id: TokenId; special: boolean; normalized: boolean; lstrip?: boolean; rstrip?: boolean; singleWord?: boolean }[];
  /** Things the loader noticed and the user should see (never silently "fixed"). */
  warnings: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Words and the replay.

/**
 * Distinct pre-tokenized words of a corpus with their counts, as read from text. Words are strings in the
 * model's alphabet (after the normalizer and pre-tokenizer, so byte-level words are already byte-mapped).
 * Order is first appearance in the text: deterministic for a given input.
 */
export interface WordCounts {
  words: string[];
  counts: Float64Array;
  /** UTF-8 bytes read (after replacing invalid sequences, the original byte count). */
  bytes: number;
  /** Characters (code points) read. */
  chars: number;
  lines: number;
  /** Invalid UTF-8 sequences that were replaced by U+FFFD. */
  invalidUtf8: number;
}

/**
 * Words as symbol-id sequences, flat: word w is symbols[offsets[w] .. offsets[w+1]) and occurs counts[w] times.
 * Example: words ["ab", "b"] with ids a=0, b=1 -> symbols [0,1,1], offsets [0,2,3].
 */
export interface WordTable {
  symbols: Int32Array;
  offsets: Uint32Array;
  counts: Float64Array;
}

/**
 * What the replay records for one category: the count of every adjacent pair before merge 0, then, for each merge
 * t, the pairs whose count changed when merge t was applied and their new counts.
 *
 * Pairs are numbered in order of first appearance (pair index p); pairKeys[p] is the pair's PairKey.
 * Changes of merge t are changePair/changeCount[stepOffsets[t] .. stepOffsets[t+1]).
 * The count of pair p "at step t" (before merge t is applied) is its initial count updated by all changes of
 * merges 0..t-1. The merged pair itself drops to 0 at its own step (that change is recorded).
 */
export interface Trajectory {
  stride: number;
  pairKeys: Float64Array;
  initialCounts: Float64Array;
  stepOffsets: Uint32Array;
  changePair: Uint32Array;
  changeCount: Float64Array;
  /** Number of merges replayed. */
  merges: number;
  /** Totals of the corpus: bytes read, distinct words, total word occurrences, and sum of all pair counts before merge 0 (d_i). */
  bytes: number;
  distinctWords: number;
  totalWords: number;
  totalPairs: number;
}
