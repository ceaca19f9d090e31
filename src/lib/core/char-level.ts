// Character-level (SentencePiece-style) BPE: which adjacent pairs its trainer could count, as "units".
//
// SentencePiece's BPE trainer reads one sentence per line (no newline), marks word starts with "▁" (a space, and the
// dummy prefix at the start of the line), cuts the line into words at each "▁" and then never counts a pair whose
// merged piece would be invalid: one that holds "▁" anywhere but at its start (a run of "▁" alone is allowed with
// allow_whitespace_only_pieces), one that mixes Unicode scripts (Hiragana and Katakana count as Han, combining marks
// take the script of the letter before them, punctuation and symbols are the script "Common"), one that holds an
// ASCII digit and anything else (split_digits), or one with a character outside its alphabet. Those rules are local,
// so they amount to cutting each line into units and counting the pairs inside units only (the newline that ends a
// line is in no unit):
//
//   "▁Hello,▁wörld▁▁▁x=42!" (ö written o + U+0308)
//     -> "▁Hello" "," "▁wörld" "▁▁" "▁x" "=" "4" "2" "!"
//   a run of "▁" keeps all but its last "▁" as a unit; the last one starts the next word. That one is an
//   approximation: the trainer merges inside the run and between its last "▁" and the word in whichever order the
//   counts say. On English the word keeps the mark (our trainer on these units makes 99.7% of the first 1000 pieces
//   spm_train makes on the bundled en.train part); on code-heavy text SentencePiece merges the runs first and
//   indented keywords lose their mark ("return" instead of "▁return": 95% agree on en + ja + ru + python).
//
// Which rules a tokenizer was trained with is read off its own merged tokens (a rule is applied when at most 0.2% of
// them break it), so a Metaspace tokenizer trained by HF tokenizers (which merges "o" + ",") gets none of the script
// or digit cuts. Not modelled: max_sentencepiece_length (16 by default; pairs whose piece would be longer are still
// counted: rare in the first tens of thousands of merges) and SentencePiece's own, older Unicode script table (V8's
// is used; they differ only on recently assigned characters).

import type { NormalizerSpec, PreTokenizerSpec, Tokenizer } from './types.ts';
import type { WordPipeline } from './word-counts.ts';

/** How a character-level tokenizer's lines are cut into units (see the file comment). */
export interface UnitRules {
  /** The word-start mark that replaces spaces, "▁" for SentencePiece. */
  mark: string;
  /** Cut where the Unicode script changes (SentencePiece's split_by_unicode_script). */
  scripts: boolean;
  /** Each ASCII digit is a unit of its own (split_digits). */
  digits: boolean;
  /** A run of marks stays one unit (allow_whitespace_only_pieces); otherwise each mark but the last stands alone. */
  markRuns: boolean;
  /** Other whitespace (tab, carriage return, ...) is a class of its own instead of the script Common. */
  whitespaceApart: boolean;
  /** The newline that ends a line is in no unit (SentencePiece reads one sentence per line, without it). */
  newlineApart: boolean;
  /** What the rules were read from: merged tokens checked, and how many broke each rule. */
  evidence: {
    tokens: number; mixedScripts: number; digitsJoined: number; markRuns: number; markInside: number;
    /** Tokens holding white space after their leading marks, and those of them that also hold something else. */
    withWhitespace: number; whitespaceJoined: number;
    /** The same for the newline. */
    withNewline: number; newlineJoined: number;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Scripts.

/** Unicode script names V8 knows (Unicode 16); a code point in none of them is "Common", as in SentencePiece. */
const SCRIPTS = ('Common Latin Inherited Han Hiragana Katakana Cyrillic Greek Arabic Hangul Hebrew Devanagari Thai ' +
  'Adlam Ahom Anatolian_Hieroglyphs Armenian Avestan Balinese Bamum Bassa_Vah Batak Bengali Bhaiksuki Bopomofo Brahmi ' +
  'Braille Buginese Buhid Canadian_Aboriginal Carian Caucasian_Albanian Chakma Cham Cherokee Chorasmian Coptic ' +
  'Cuneiform Cypriot Cypro_Minoan Deseret Dives_Akuru Dogra Duployan Egyptian_Hieroglyphs Elbasan Elymaic Ethiopic ' +
  'Garay Georgian Glagolitic Gothic Grantha Gujarati Gunjala_Gondi Gurmukhi Gurung_Khema Hanifi_Rohingya Hanunoo ' +
  'Hatran Imperial_Aramaic Inscriptional_Pahlavi Inscriptional_Parthian Javanese Kaithi Kannada Kawi Kayah_Li ' +
  'Kharoshthi Khitan_Small_Script Khmer Khojki Khudawadi Kirat_Rai Lao Lepcha Limbu Linear_A Linear_B Lisu Lycian ' +
  'Lydian Mahajani Makasar Malayalam Mandaic Manichaean Marchen Masaram_Gondi Medefaidrin Meetei_Mayek Mende_Kikakui ' +
  'Meroitic_Cursive Meroitic_Hieroglyphs Miao Modi Mongolian Mro Multani Myanmar Nabataean Nag_Mundari Nandinagari ' +
  'New_Tai_Lue Newa Nko Nushu Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Ol_Onal Old_Hungarian Old_Italic ' +
  'Old_North_Arabian Old_Permic Old_Persian Old_Sogdian Old_South_Arabian Old_Turkic Old_Uyghur Oriya Osage Osmanya ' +
  'Pahawh_Hmong Palmyrene Pau_Cin_Hau Phags_Pa Phoenician Psalter_Pahlavi Rejang Runic Samaritan Saurashtra Sharada ' +
  'Shavian Siddham SignWriting Sinhala Sogdian Sora_Sompeng Soyombo Sundanese Sunuwar Syloti_Nagri Syriac Tagalog ' +
  'Tagbanwa Tai_Le Tai_Tham Tai_Viet Takri Tamil Tangsa Tangut Telugu Thaana Tibetan Tifinagh Tirhuta Todhri Toto ' +
  'Tulu_Tigalari Ugaritic Vai Vithkuqi Wancho Warang_Citi Yezidi Yi Zanabazar_Square').split(' ');

/** Script classes: an index into SCRIPTS, with these fixed ones. */
const COMMON = 0;
const INHERITED = 2;
const HAN = 3;
const KANA = new Set([4, 5]); // Hiragana, Katakana: counted as Han

let scriptRegexes: RegExp[] | null = null;
let bmpScripts: Uint8Array | null = null;
const astralScripts = new Map<number, number>();

function regexes(): RegExp[] {
  if (!scriptRegexes) {
    scriptRegexes = SCRIPTS.map((name) => {
      try {
        return new RegExp(`\\p{Script=${name}}`, 'u');
      } catch {
        return /(?!)/u; // a script this engine does not know: its characters fall back to Common
      }
    });
  }
  return scriptRegexes;
}

/**
 * The script table of the Basic Multilingual Plane, built once: one regex scan per script over a string of all
 * 65,536 code points (surrogates replaced by U+0000). About 0.2 s, once per process.
 */
function bmpTable(): Uint8Array {
  if (bmpScripts) return bmpScripts;
  const units = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) units[c] = c >= 0xd800 && c < 0xe000 ? 0 : c;
  const all = new TextDecoder('utf-16le').decode(units);
  const table = new Uint8Array(0x10000); // 0 = Common
  regexes().forEach((re, k) => {
    if (k === COMMON) return;
    const runs = new RegExp(`${re.source}+`, 'gu');
    for (const m of all.matchAll(runs)) table.fill(k, m.index, m.index + m[0].length);
  });
  return (bmpScripts = table);
}

/** SentencePiece's script of a code point: Hiragana, Katakana and U+30FC as Han; unknown scripts as Common. */
export function scriptClass(cp: number): number {
  let k: number | undefined;
  if (cp < 0x10000) k = bmpTable()[cp];
  else {
    k = astralScripts.get(cp);
    if (k === undefined) {
      const ch = String.fromCodePoint(cp);
      k = regexes().findIndex((re, i) => i !== COMMON && re.test(ch));
      if (k < 0) k = COMMON;
      astralScripts.set(cp, k);
    }
  }
  return KANA.has(k) || cp === 0x30fc ? HAN : k;
}

/** The name of a script class (for messages and tests). */
export const scriptName = (k: number): string => SCRIPTS[k];

// ---------------------------------------------------------------------------------------------------------------
// Reading the rules off a tokenizer.

/** The mark a character-level pipeline writes for a space: Metaspace's replacement or a Replace " " -> mark. */
export function spaceMark(normalizer: NormalizerSpec | null, preTokenizer: PreTokenizerSpec | null): string | null {
  const inPre = (p: PreTokenizerSpec | null): string | null => {
    if (!p) return null;
    if (p.type === 'Metaspace') return p.replacement;
    if (p.type === 'Sequence') for (const q of p.pretokenizers) { const m = inPre(q); if (m) return m; }
    return null;
  };
  const inNorm = (n: NormalizerSpec | null): string | null => {
    if (!n) return null;
    if (n.type === 'Replace' && 'String' in n.pattern && n.pattern.String === ' ' && [...n.content].length === 1) return n.content;
    if (n.type === 'Sequence') for (const m of n.normalizers) { const r = inNorm(m); if (r) return r; }
    return null;
  };
  return inPre(preTokenizer) ?? inNorm(normalizer);
}

const isDigit = (cp: number) => cp >= 0x30 && cp <= 0x39;
/** White space other than the line's newline (Unicode White_Space). */
const WHITESPACE = /^\p{White_Space}$/u;
const isWhitespace = (cp: number) => (cp < 0x80 ? cp === 0x20 || (cp >= 0x09 && cp <= 0x0d) : WHITESPACE.test(String.fromCodePoint(cp)));
const BYTE_TOKEN = /^<0x[0-9A-F]{2}>$/;

/** The share of merged tokens that may break a rule before the rule is taken as not applied. */
export const RULE_TOLERANCE = 0.002;

/**
 * The unit rules of a tokenizer, or null when it is not SentencePiece-style (byte-level, no space mark, or its merged
 * tokens hold the mark inside words, i.e. it merged across words). Cost: one pass over the merged tokens' characters.
 * Example: Llama 2 and Mistral 7B -> { mark: "▁", scripts: true, digits: true, markRuns: true } (no merged token mixes scripts).
 */
export function unitRulesOf(tok: RulesSource): UnitRules | null {
  if (tok.level !== 'char') return null;
  const cached = rulesCache.get(tok);
  if (cached !== undefined) return cached;
  const rules = readRules(tok);
  rulesCache.set(tok, rules);
  return rules;
}

type RulesSource = Pick<Tokenizer, 'level' | 'normalizer' | 'preTokenizer' | 'vocab' | 'mergeResult'>;
const rulesCache = new WeakMap<RulesSource, UnitRules | null>();

function readRules(tok: RulesSource): UnitRules | null {
  const mark = spaceMark(tok.normalizer, tok.preTokenizer);
  if (mark === null) return null;
  const markCp = mark.codePointAt(0)!;
  const evidence = {
    tokens: 0, mixedScripts: 0, digitsJoined: 0, markRuns: 0, markInside: 0, withWhitespace: 0, whitespaceJoined: 0, withNewline: 0, newlineJoined: 0,
  };
  const seen = new Set<number>();
  for (const id of tok.mergeResult) {
    if (seen.has(id)) continue;
    seen.add(id);
    const token = tok.vocab[id];
    if (!token || (token.charCodeAt(0) === 0x3c && BYTE_TOKEN.test(token))) continue;
    evidence.tokens++;
    // One pass over the code points after the leading marks.
    let lead = 0;
    while (token.startsWith(mark, lead)) lead += mark.length;
    if (lead === token.length) { evidence.markRuns++; continue; }
    let chars = 0, digits = 0, spaces = 0, newlines = 0, inside = false, mixed = false, script = -1;
    for (let i = lead; i < token.length; i += token.codePointAt(i)! > 0xffff ? 2 : 1) {
      const cp = token.codePointAt(i)!;
      chars++;
      if (cp === markCp) { inside = true; continue; }
      if (isDigit(cp)) { digits++; continue; }
      if (isWhitespace(cp)) spaces++;
      if (cp === 0x0a) newlines++;
      const k = scriptClass(cp);
      if (k === INHERITED || mixed) continue;
      if (script >= 0 && k !== script) mixed = true;
      script = k;
    }
    if (inside) evidence.markInside++;
    if (mixed) evidence.mixedScripts++;
    if (digits > 0 && chars + lead > 1) evidence.digitsJoined++;
    if (spaces > 0) {
      evidence.withWhitespace++;
      if (spaces < chars) evidence.whitespaceJoined++;
    }
    if (newlines > 0) {
      evidence.withNewline++;
      if (newlines < chars || lead > 0) evidence.newlineJoined++;
    }
  }
  const few = (n: number) => n <= RULE_TOLERANCE * evidence.tokens;
  if (!few(evidence.markInside)) return null;
  return {
    mark, scripts: few(evidence.mixedScripts), digits: few(evidence.digitsJoined), markRuns: evidence.markRuns > 0,
    // White space is rare in tokens: judged among the tokens that hold some.
    whitespaceApart: evidence.whitespaceJoined <= RULE_TOLERANCE * evidence.withWhitespace,
    newlineApart: evidence.newlineJoined <= RULE_TOLERANCE * evidence.withNewline, evidence,
  };
}

/** A short description of the units for the page and the command line. */
export function describeUnits(rules: UnitRules | null): string {
  if (!rules) return 'words as the pre-tokenizer cuts them';
  const cuts = [`at ${JSON.stringify(rules.mark)} (word starts)`];
  if (rules.scripts) cuts.push('script changes');
  if (rules.digits) cuts.push('around each digit');
  if (rules.whitespaceApart) cuts.push('around tabs and other white space');
  return `character-level (SentencePiece-style): units split ${cuts.join(', ')}; characters with no token of their own split too and are not counted`;
}

// ---------------------------------------------------------------------------------------------------------------
// Cutting text into units.

/** Unit classes beyond the script indices. */
const NONE = -1; // no class yet: the unit holds only marks or combining marks
const DIGIT = -2;
const SPACE = -3;

/**
 * The unit splitter: a piece of normalised text (one pre-tokenized word or a whole line) -> its units, appended to
 * `out`. `known(cp)` says whether a character has a token of its own; others are dropped and cut the unit (their
 * byte-fallback tokens never merge), and so is a newline (with newlineApart). Cost: one pass over the code points, one table look-up each.
 * Example (Llama 2's and Mistral 7B's rules): "▁x=42" -> "▁x", "=", "4", "2".
 */
export function makeUnitSplitter(rules: UnitRules, known: (cp: number) => boolean = () => true): (piece: string, out: string[]) => void {
  const markCp = rules.mark.codePointAt(0)!;
  const markLen = rules.mark.length;
  return (piece, out) => {
    let start = 0; // the current unit is piece[start, i)
    let marks = 0; // the unit is `marks` marks so far (and nothing else) while cls === NONE && marks > 0
    let cls = NONE;
    let empty = true;
    const close = (end: number) => {
      if (end > start) out.push(piece.slice(start, end));
      empty = true;
      marks = 0;
      cls = NONE;
    };
    for (let i = 0; i < piece.length; ) {
      const cp = piece.codePointAt(i)!;
      const len = cp > 0xffff ? 2 : 1;
      if ((cp === 0x0a && rules.newlineApart) || !known(cp)) {
        close(i);
        start = i += len;
        continue;
      }
      const onlyMarks = !empty && marks > 0 && cls === NONE;
      if (cp === markCp) {
        if (!(onlyMarks && rules.markRuns)) {
          close(i);
          start = i;
        }
        empty = false;
        marks++;
        i += len;
        continue;
      }
      const k = rules.digits && isDigit(cp) ? DIGIT
        : rules.whitespaceApart && isWhitespace(cp) ? SPACE
        : rules.scripts ? scriptClass(cp) : COMMON;
      if (k === DIGIT) {
        close(i);
        out.push(piece.slice(i, i + len));
        start = i += len;
        continue;
      }
      if (onlyMarks) {
        // All but the last mark stay a unit; the last one starts this word.
        if (marks > 1) {
          const last = i - markLen;
          out.push(piece.slice(start, last));
          start = last;
        }
        marks = 0;
      } else if (!empty && k !== INHERITED && cls !== NONE && k !== cls) {
        close(i);
        start = i;
      }
      if (k !== INHERITED) cls = k;
      empty = false;
      i += len;
    }
    close(piece.length);
  };
}

/**
 * A pre-tokenizer followed by the unit splitter: what word counting uses for a SentencePiece-style tokenizer.
 * `known` are the tokenizer's one-character tokens (a Map or Set of strings); null keeps every character.
 */
export function unitPreTokenizer(
  preTokenize: (text: string) => string[],
  rules: UnitRules,
  known: { has(token: string): boolean } | null,
): (text: string) => string[] {
  // 0 unseen, 1 known, 2 unknown; astral code points in a Map.
  const bmp = new Uint8Array(0x10000);
  const astral = new Map<number, boolean>();
  const isKnown = known
    ? (cp: number) => {
      if (cp < 0x10000) {
        if (bmp[cp] === 0) bmp[cp] = known.has(String.fromCharCode(cp)) ? 1 : 2;
        return bmp[cp] === 1;
      }
      let k = astral.get(cp);
      if (k === undefined) astral.set(cp, (k = known.has(String.fromCodePoint(cp))));
      return k;
    }
    : undefined;
  const split = makeUnitSplitter(rules, isKnown);
  return (text) => {
    const out: string[] = [];
    for (const piece of preTokenize(text)) split(piece, out);
    return out;
  };
}

/** What word counting needs to cut a SentencePiece-style tokenizer's text into units; plain data (crosses to workers). */
export interface CharLevelUnits {
  rules: UnitRules;
  /** The tokenizer's one-character tokens; other characters are dropped and cut units. null keeps every character
   * (a trainer's view: its alphabet is whatever the text holds). */
  chars: string[] | null;
}

/** The units of a tokenizer, or null when its words are the pre-tokenizer's (byte-level, HF-trained, ...). */
export function charLevelUnits(tok: RulesSource & Pick<Tokenizer, 'tokenToId'>): CharLevelUnits | null {
  const rules = unitRulesOf(tok);
  if (!rules) return null;
  const chars: string[] = [];
  for (const token of tok.tokenToId.keys()) {
    if (token.length === 1 || (token.length === 2 && token.codePointAt(0)! > 0xffff)) chars.push(token);
  }
  return { rules, chars };
}

/** A word pipeline whose pieces are further cut into units (unchanged when `units` is null). */
export function withUnits(pipeline: WordPipeline, units: CharLevelUnits | null | undefined): WordPipeline {
  if (!units) return pipeline;
  const known = units.chars ? new Set(units.chars) : null;
  return { normalizer: pipeline.normalizer, preTokenizer: unitPreTokenizer(pipeline.preTokenizer, units.rules, known) };
}
