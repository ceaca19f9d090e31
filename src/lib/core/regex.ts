// Translates the Oniguruma regexes of tokenizer.json (Split, Replace) and tiktoken's pat_str into JS RegExps that
// match exactly the same text, in Node 20 and in Chromium. Every class is resolved to an explicit set of code
// points pinned to tokenizers' Unicode version (char-sets.ts), so the engine's own \s, \w, \d, \p{..} and /i never
// decide anything. Example:
//   translateRegex("(?i:'s|'t)|\\p{N}{1,3}|\\s+(?!\\S)")
//   -> /(?:\u{27}[Ss\u{17f}]|\u{27}[Tt])|[0-9\u{b2}...]{1,3}|[\u{9}-\u{d}\u{20}\u{85}...]+(?![^\u{9}-\u{d}...])/gu
// Oniguruma semantics kept: \s has U+0085 and not U+FEFF; \w \d are Unicode; '.' excludes only \n; ^ $ are line
// anchors; (?i) folds per character; possessive X*+ and atomic (?>X) become (?=(X))\N.

import { InputError } from './errors.ts';
import {
  type CharSet, ANY, NAMED_SETS, classSource, charSource, complement, fromRanges, generalCategory, intersect,
  pinnedClassSource, union,
} from './char-sets.ts';
import { foldClosure, multiCharFoldRisk } from './case-fold.ts';

interface Flags {
  /** (?i): case-insensitive. */
  i: boolean;
  /** (?m) in Oniguruma: '.' also matches \n. */
  dotAll: boolean;
}

/**
 * Translate a Rust/Oniguruma regex into a JS RegExp with flags 'gv' whose matches are identical (same leftmost,
 * backtracking semantics; both engines are Perl-like). 'v' (Node 20 and Chromium >= 112 have it) lets a class be
 * written as the engine's own property class with corrections, which V8 matches about twice as fast as the same
 * set spelled out (see pinnedClassSource). Throws InputError naming the unsupported construct and its offset.
 */
export function translateRegex(source: string, where?: string): RegExp {
  const js = new Translator(source, where ?? 'regex').translate();
  try {
    return new RegExp(js, 'gv');
  } catch (e) {
    throw new InputError(`regex ${JSON.stringify(source)} translates to one JS rejects: ${(e as Error).message}`, where);
  }
}

/**
 * Calls onMatch(start, end) for each match of a translated ('g') regex, iterating as Oniguruma's (and Rust's)
 * find_iter does, which differs from JS's matchAll on empty matches: an empty match right where the previous match
 * ended is skipped. Example: /x*\/gu on "ax" -> [0,0] [1,2] (JS would add [2,2]); "-a-" when replacing, not "-a--".
 */
export function forEachMatch(re: RegExp, text: string, onMatch: (start: number, end: number) => void): void {
  let lastEnd = -1;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (start !== end) {
      onMatch(start, end);
      lastEnd = end;
      continue;
    }
    if (start !== lastEnd) {
      onMatch(start, end);
      lastEnd = end;
    }
    // Step over one code point, or exec would find the same empty match forever.
    if (end >= text.length) break;
    const c = text.charCodeAt(end);
    re.lastIndex = end + (c >= 0xd800 && c <= 0xdbff && end + 1 < text.length ? 2 : 1);
  }
}

/** The translated source alone (for display and tests). */
export function translateRegexSource(source: string, where?: string): string {
  return new Translator(source, where ?? 'regex').translate();
}

const GC_LONG: Record<string, string> = {
  letter: 'L', casedletter: 'LC', uppercaseletter: 'Lu', lowercaseletter: 'Ll', titlecaseletter: 'Lt',
  modifierletter: 'Lm', otherletter: 'Lo', mark: 'M', combiningmark: 'M', nonspacingmark: 'Mn', spacingmark: 'Mc',
  enclosingmark: 'Me', number: 'N', decimalnumber: 'Nd', letternumber: 'Nl', othernumber: 'No',
  punctuation: 'P', connectorpunctuation: 'Pc', dashpunctuation: 'Pd', openpunctuation: 'Ps',
  closepunctuation: 'Pe', initialpunctuation: 'Pi', finalpunctuation: 'Pf', otherpunctuation: 'Po', symbol: 'S',
  mathsymbol: 'Sm', currencysymbol: 'Sc', modifiersymbol: 'Sk', othersymbol: 'So', separator: 'Z',
  spaceseparator: 'Zs', lineseparator: 'Zl', paragraphseparator: 'Zp', other: 'C', control: 'Cc', format: 'Cf',
  privateuse: 'Co', unassigned: 'Cn', 'l&': 'LC',
};

const nativeCache = new Map<string, CharSet>();
const nativeNames = new Map<string, string>();

/** The form of a property name this engine accepted in nativeProperty ("Han" -> "sc=Han"). */
function nativeName(name: string): string {
  return nativeNames.get(name) ?? name;
}

/**
 * A property that is not a general category (a script such as Han, a binary property such as Alphabetic):
 * taken from the JS engine's own tables, so only these follow the engine's Unicode version. Null if unknown.
 */
function nativeProperty(name: string): CharSet | null {
  let set = nativeCache.get(name);
  if (set) return set;
  let re: RegExp | null = null;
  for (const candidate of [name, `sc=${name}`]) {
    try {
      re = new RegExp(`^\\p{${candidate}}$`, 'u');
      nativeNames.set(name, candidate);
      break;
    } catch {
      // not this form
    }
  }
  if (!re) return null;
  const ranges: number[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp === 0xd800) cp = 0xe000;
    if (re.test(String.fromCodePoint(cp))) ranges.push(cp, cp);
  }
  set = fromRanges(ranges);
  nativeCache.set(name, set);
  return set;
}

function hexDigit(c: string): boolean {
  return /^[0-9a-fA-F]$/.test(c);
}

class Translator {
  private pos = 0;
  /** Capture groups emitted so far (atomic and possessive constructs add their own). */
  private emittedGroups = 0;
  /** Source capture group number (1-based) -> emitted group number. */
  private readonly groupMap: number[] = [0];
  private readonly groupNames = new Map<string, number>();
  private lookbehindDepth = 0;

  constructor(private readonly src: string, private readonly where: string) {}

  translate(): string {
    const out = this.alternation({ i: false, dotAll: false });
    if (this.pos < this.src.length) this.fail(`unmatched ')'`);
    return out;
  }

  private fail(what: string, at = this.pos): never {
    throw new InputError(`unsupported or invalid regex at offset ${at}: ${what} (in ${JSON.stringify(this.src)})`, this.where);
  }

  private peek(k = 0): string {
    return this.src[this.pos + k] ?? '';
  }

  /** Alternatives up to ')' or the end. */
  private alternation(flags: Flags): string {
    const branches: string[] = [this.sequence(flags)];
    while (this.peek() === '|') {
      this.pos++;
      branches.push(this.sequence(flags));
    }
    return branches.join('|');
  }

  /** One branch: quantified atoms up to '|', ')' or the end. */
  private sequence(flags: Flags): string {
    let out = '';
    let literalRun = '';
    while (this.pos < this.src.length) {
      const c = this.peek();
      if (c === '|' || c === ')') break;
      // An isolated option "(?i)" applies to the rest of the enclosing group, all its later branches included
      // (Oniguruma reads "a(?i)b|c" as "a(?i:b|c)").
      const iso = this.isolatedOption(flags);
      if (iso) {
        out += `(?:${this.alternation(iso)})`;
        break;
      }
      const start = this.pos;
      const atom = this.atom(flags);
      if (flags.i && atom.literal !== undefined) {
        literalRun += atom.literal;
        if (multiCharFoldRisk(literalRun)) {
          this.fail(`case-insensitive text ${JSON.stringify(literalRun)} may fold across characters (like "ss" ~ "ß") in Oniguruma`, start);
        }
      } else literalRun = '';
      out += this.quantified(atom, start);
    }
    return out;
  }

  /** "(?i)" / "(?-i)" / "(?im-x)" at the cursor: consumes it and returns the new flags. */
  private isolatedOption(flags: Flags): Flags | null {
    const m = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?\)/.exec(this.src.slice(this.pos));
    if (!m) return null;
    const next = this.applyFlags(flags, m[1], m[2] ?? '');
    this.pos += m[0].length;
    return next;
  }

  private applyFlags(flags: Flags, on: string, off: string): Flags {
    const next = { ...flags };
    for (const [letters, value] of [[on, true], [off, false]] as const) {
      for (const f of letters) {
        if (f === 'i') next.i = value;
        else if (f === 'm') next.dotAll = value;
        else this.fail(`inline option '${f}'`);
      }
    }
    return next;
  }

  private quantified(atom: Atom, start: number): string {
    const q = this.quantifier();
    if (!q) return atom.source;
    if (atom.assertion) this.fail('quantified assertion', start);
    const unit = atom.unit ? atom.source : `(?:${atom.source})`;
    if (q.possessive) {
      if (this.lookbehindDepth > 0) this.fail('possessive quantifier inside a lookbehind', start);
      const n = ++this.emittedGroups;
      return `(?=(${unit}${q.text}))\\${n}`;
    }
    // "a**" and the like: Oniguruma repeats the repetition; JS needs the group spelled out.
    let out = unit + q.text + (q.lazy ? '?' : '');
    for (let extra = this.quantifier(); extra; extra = this.quantifier()) {
      if (extra.possessive) this.fail('possessive quantifier after a quantifier', start);
      out = `(?:${out})${extra.text}${extra.lazy ? '?' : ''}`;
    }
    return out;
  }

  private quantifier(): { text: string; lazy: boolean; possessive: boolean } | null {
    const c = this.peek();
    let text: string;
    let interval = false;
    if (c === '?' || c === '*' || c === '+') {
      text = c;
      this.pos++;
    } else if (c === '{') {
      const m = /^\{(\d*)(,(\d*))?\}/.exec(this.src.slice(this.pos));
      if (!m || (m[1] === '' && (m[2] === undefined || m[3] === ''))) return null; // a literal '{'
      const min = m[1] === '' ? 0 : Number(m[1]);
      if (m[3] !== undefined && m[3] !== '' && Number(m[3]) < min) this.fail(`interval ${m[0]} with max < min`);
      text = m[2] === undefined ? `{${min}}` : `{${min},${m[3] ?? ''}}`;
      interval = true;
      this.pos += m[0].length;
    } else return null;
    let lazy = false;
    let possessive = false;
    if (this.peek() === '?') {
      lazy = true;
      this.pos++;
    } else if (this.peek() === '+' && !interval) {
      // Oniguruma syntax: X?+ X*+ X++ are possessive; X{n,m}+ is an interval repeated by '+'.
      possessive = true;
      this.pos++;
    }
    return { text, lazy, possessive };
  }

  private atom(flags: Flags): Atom {
    const start = this.pos;
    const c = this.src[this.pos];
    if (c === '(') return this.group(flags);
    if (c === '[') {
      this.pos++;
      return { source: this.bracketClass(flags).source, unit: true };
    }
    this.pos++;
    switch (c) {
      case '.':
        return { source: classSource(flags.dotAll ? ANY : complement([0x0a, 0x0a])), unit: true };
      case '^':
        return { source: '(?<![^\\n])', unit: true, assertion: true };
      case '$':
        return { source: '(?![^\\n])', unit: true, assertion: true };
      case '*':
      case '+':
      case '?':
        this.fail(`quantifier '${c}' with nothing to repeat`, start);
      // falls through (fail never returns)
      case '\\':
        return this.escape(flags, false) as Atom;
      default: {
        const cp = this.src.codePointAt(start)!;
        if (cp > 0xffff) this.pos++;
        return this.literal(cp, flags);
      }
    }
  }

  private literal(cp: number, flags: Flags): Atom {
    const ch = String.fromCodePoint(cp);
    if (!flags.i) return { source: charSource(cp), unit: true, literal: ch };
    const set = foldClosure([cp, cp]);
    return { source: set.length === 2 && set[0] === set[1] ? charSource(cp) : classSource(set), unit: true, literal: ch };
  }

  private group(flags: Flags): Atom {
    const start = this.pos;
    this.pos++; // (
    let prefix = '(?:';
    let inner = flags;
    let atomic = false;
    let lookbehind = false;
    let capture = false;
    if (this.peek() === '?') {
      const rest = this.src.slice(this.pos + 1);
      const opt = /^([a-zA-Z]*)(?:-([a-zA-Z]*))?:/.exec(rest);
      if (rest.startsWith(':')) this.pos += 2;
      else if (rest.startsWith('=') || rest.startsWith('!')) {
        prefix = `(?${rest[0]}`;
        this.pos += 2;
      } else if (rest.startsWith('<=') || rest.startsWith('<!')) {
        prefix = `(?${rest.slice(0, 2)}`;
        lookbehind = true;
        this.pos += 3;
      } else if (rest.startsWith('>')) {
        atomic = true;
        this.pos += 2;
      } else if (/^(<[A-Za-z_]\w*>|'[A-Za-z_]\w*'|P<[A-Za-z_]\w*>)/.test(rest)) {
        const m = /^P?[<']([A-Za-z_]\w*)[>']/.exec(rest)!;
        capture = true;
        this.pos += 1 + m[0].length;
        this.groupNames.set(m[1], this.groupMap.length);
      } else if (opt && (opt[1] || opt[2] !== undefined)) {
        inner = this.applyFlags(flags, opt[1], opt[2] ?? '');
        this.pos += 1 + opt[0].length;
      } else {
        this.fail(`group construct "(?${rest.slice(0, 2)}"`, start);
      }
    } else capture = true;

    if (capture) {
      if (this.lookbehindDepth > 0) this.fail('capture group inside a lookbehind', start);
      this.groupMap.push(++this.emittedGroups);
      prefix = '(';
    }
    if (lookbehind) this.lookbehindDepth++;
    const body = this.alternation(inner);
    if (lookbehind) this.lookbehindDepth--;
    if (this.peek() !== ')') this.fail(`unclosed group`, start);
    this.pos++;
    if (atomic) {
      if (this.lookbehindDepth > 0) this.fail('atomic group inside a lookbehind', start);
      const n = ++this.emittedGroups;
      return { source: `(?=(${body}))\\${n}`, unit: false };
    }
    const isAssertion = prefix.startsWith('(?=') || prefix.startsWith('(?!') || prefix.startsWith('(?<');
    return { source: `${prefix}${body})`, unit: true, assertion: isAssertion };
  }

  /**
   * After a backslash (cursor past it). Outside a class: an atom. Inside a class (inClass): a set, or a
   * single code point as a one-element set with `single` set.
   */
  private escape(flags: Flags, inClass: boolean): Atom | ClassItem {
    const start = this.pos - 1;
    const c = this.src[this.pos];
    if (c === undefined) this.fail('trailing backslash', start);
    this.pos++;
    const set = (s: CharSet, source = classSource(s)): Atom | ClassItem =>
      inClass ? { set: s, source } : { source: flags.i ? classSource(foldClosure(s)) : source, unit: true };
    const char = (cp: number): Atom | ClassItem =>
      inClass ? { set: [cp, cp], single: cp, source: charSource(cp) } : this.literal(cp, flags);
    const assertion = (source: string): Atom => {
      if (inClass) this.fail(`\\${c} inside a class`, start);
      return { source, unit: true, assertion: true };
    };
    const word = () => wordSource();
    switch (c) {
      case 's': return set(NAMED_SETS.onigSpace());
      case 'S': return set(complement(NAMED_SETS.onigSpace()), `[^${classSource(NAMED_SETS.onigSpace())}]`);
      case 'd': return set(NAMED_SETS.onigDigit(), digitSource());
      case 'D': return set(complement(NAMED_SETS.onigDigit()), `[^${digitSource()}]`);
      case 'w': return set(NAMED_SETS.onigWord(), wordSource());
      case 'W': return set(complement(NAMED_SETS.onigWord()), `[^${wordSource()}]`);
      case 'h': return set([0x30, 0x39, 0x41, 0x46, 0x61, 0x66]);
      case 'H': return set(complement([0x30, 0x39, 0x41, 0x46, 0x61, 0x66]));
      case 'p':
      case 'P': {
        const prop = this.property(c === 'P', start);
        return prop ? set(prop.set, prop.source) : char(c.charCodeAt(0));
      }
      case 't': return char(0x09);
      case 'n': return char(0x0a);
      case 'v': return char(0x0b);
      case 'f': return char(0x0c);
      case 'r': return char(0x0d);
      case 'a': return char(0x07);
      case 'e': return char(0x1b);
      case 'x': {
        const m = /^\{([0-9a-fA-F]{1,8})\}/.exec(this.src.slice(this.pos)) ?? /^[0-9a-fA-F]{1,2}/.exec(this.src.slice(this.pos));
        if (!m) this.fail('\\x without hex digits', start);
        this.pos += m[0].length;
        const cp = parseInt(m[1] ?? m[0], 16);
        if (cp > 0x10ffff) this.fail(`code point \\x{${m[1]}} out of range`, start);
        return char(cp);
      }
      case 'u': {
        const hex = this.src.slice(this.pos, this.pos + 4);
        if (hex.length < 4 || ![...hex].every(hexDigit)) this.fail('\\u without 4 hex digits', start);
        this.pos += 4;
        return char(parseInt(hex, 16));
      }
      case '0': {
        const m = /^[0-7]{0,2}/.exec(this.src.slice(this.pos))!;
        this.pos += m[0].length;
        return char(parseInt('0' + m[0], 8));
      }
      case 'b': return inClass ? char(0x08) : assertion(`(?:(?<=${word()})(?!${word()})|(?<!${word()})(?=${word()}))`);
      case 'B': return assertion(`(?:(?<=${word()})(?=${word()})|(?<!${word()})(?!${word()}))`);
      case 'A': return assertion('(?<![^])');
      case 'z': return assertion('(?![^])');
      case 'Z': return assertion('(?=\\n?(?![^]))');
      case 'k': {
        const m = /^<([A-Za-z_]\w*)>/.exec(this.src.slice(this.pos));
        if (inClass || !m || !this.groupNames.has(m[1])) this.fail('\\k backreference to an unknown group', start);
        this.pos += m[0].length;
        return this.backref(this.groupNames.get(m[1])!, flags, start);
      }
      default:
        if (/[1-9]/.test(c)) {
          if (inClass) this.fail(`\\${c} inside a class`, start);
          return this.backref(Number(c), flags, start);
        }
        if (/[A-Za-z0-9]/.test(c)) this.fail(`escape \\${c}`, start);
        {
          const cp = this.src.codePointAt(this.pos - 1)!;
          if (cp > 0xffff) this.pos++;
          return char(cp);
        }
    }
  }

  private backref(n: number, flags: Flags, start: number): Atom {
    if (n >= this.groupMap.length) this.fail(`backreference \\${n} to a group not yet defined`, start);
    if (flags.i) this.fail('case-insensitive backreference', start);
    return { source: `\\${this.groupMap[n]}`, unit: true };
  }

  /** \p{Name}, \p{^Name}, \P{Name} (cursor past the p/P); null for a bare \p, which Oniguruma reads as "p". */
  private property(negated: boolean, start: number): { set: CharSet; source: string } | null {
    let name: string;
    if (this.peek() === '{') {
      const end = this.src.indexOf('}', this.pos);
      if (end < 0) this.fail('unclosed \\p{', start);
      name = this.src.slice(this.pos + 1, end);
      this.pos = end + 1;
    } else {
      return null;
    }
    if (name.startsWith('^')) {
      negated = !negated;
      name = name.slice(1);
    }
    const key = name.replace(/[\s_-]/g, '').toLowerCase();
    let set: CharSet | null = null;
    let source: string | null = null;
    const gcName = Object.keys(GC_NAMES_LOWER).includes(key) ? GC_NAMES_LOWER[key] : GC_LONG[key];
    if (gcName) {
      set = generalCategory(gcName);
      source = pinnedClassSource(`\\p{${gcName === 'LC' ? 'LC' : gcName}}`, set!);
    } else if (key === 'any') set = ANY;
    else if (key === 'assigned') set = complement(generalCategory('Cn')!);
    else if (key === 'space' || key === 'whitespace') set = NAMED_SETS.onigSpace();
    else if (key === 'word') [set, source] = [NAMED_SETS.onigWord(), wordSource()];
    else if (key === 'digit') [set, source] = [NAMED_SETS.onigDigit(), digitSource()];
    else if (key === 'ascii') set = [0, 0x7f];
    else {
      set = nativeProperty(name);
      source = set && `\\p{${nativeName(name)}}`;
    }
    if (!set) this.fail(`unknown property \\p{${name}}`, start);
    source ??= classSource(set);
    return negated ? { set: complement(set), source: `[^${source}]` } : { set, source };
  }

  /**
   * A bracket class (cursor past '['): its exact set, and a 'v'-syntax source for it made of the same parts
   * (engine property classes with corrections, so it stays fast). Handles ^, ranges, escapes, nesting and &&.
   */
  private bracketClass(flags: Flags): { set: CharSet; source: string } {
    const start = this.pos - 1;
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.pos++;
    }
    const intersections: CharSet[] = [];
    const intersectionSources: string[] = [];
    let current: CharSet[] = [];
    let currentSource = '';
    let first = true;
    for (;;) {
      if (this.pos >= this.src.length) this.fail('unclosed character class', start);
      const c = this.peek();
      if (c === ']' && !first) {
        this.pos++;
        break;
      }
      first = false;
      if (c === '&' && this.peek(1) === '&') {
        this.pos += 2;
        intersections.push(union(...current));
        intersectionSources.push(`[${currentSource}]`);
        current = [];
        currentSource = '';
        continue;
      }
      if (c === '[') {
        if (this.peek(1) === ':') this.fail('POSIX bracket [:name:]', this.pos);
        this.pos++;
        const nested = this.bracketClass(flags);
        current.push(nested.set);
        currentSource += nested.source;
        continue;
      }
      const item = this.classAtom(flags);
      if (item.single !== undefined && this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== '') {
        const save = this.pos;
        this.pos++;
        if (this.peek() === '[') {
          this.pos = save; // "a-[" : '-' is a literal
          current.push(item.set);
          currentSource += item.source;
          continue;
        }
        const hi = this.classAtom(flags);
        if (hi.single === undefined) this.fail('range to a class escape', save);
        if (hi.single < item.single) this.fail('range out of order', save);
        current.push([item.single, hi.single]);
        currentSource += `${charSource(item.single)}-${charSource(hi.single)}`;
        continue;
      }
      current.push(item.set);
      currentSource += item.source;
    }
    intersections.push(union(...current));
    intersectionSources.push(`[${currentSource}]`);
    let set = intersections.reduce((a, b) => intersect(a, b));
    if (flags.i) {
      // Case folding is applied to the set; the folded set is small in practice, so it is written out.
      set = foldClosure(set);
      if (negated) set = complement(set);
      return { set, source: classSource(set) };
    }
    const body = intersectionSources.length === 1 ? currentSource : intersectionSources.join('&&');
    return negated ? { set: complement(set), source: `[^${body}]` } : { set, source: `[${body}]` };
  }

  private classAtom(flags: Flags): ClassItem {
    const c = this.src.codePointAt(this.pos)!;
    this.pos += c > 0xffff ? 2 : 1;
    if (c === 0x5c) return this.escape(flags, true) as ClassItem;
    return { set: [c, c], single: c, source: charSource(c) };
  }
}

const GC_NAMES_LOWER: Record<string, string> = Object.fromEntries(
  ['L', 'LC', 'Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'M', 'Mn', 'Mc', 'Me', 'N', 'Nd', 'Nl', 'No', 'P', 'Pc', 'Pd', 'Ps', 'Pe',
    'Pi', 'Pf', 'Po', 'S', 'Sm', 'Sc', 'Sk', 'So', 'Z', 'Zs', 'Zl', 'Zp', 'C', 'Cc', 'Cf', 'Co', 'Cn'].map((g) => [g.toLowerCase(), g]),
);

interface Atom {
  source: string;
  /** Safe to quantify without wrapping in (?:...). */
  unit: boolean;
  /** Zero-width (JS refuses to quantify these under /u). */
  assertion?: boolean;
  /** The literal character, for the multi-character case-fold check. */
  literal?: string;
}

interface ClassItem {
  set: CharSet;
  single?: number;
  /** The item as a 'v'-syntax class operand. */
  source: string;
}

/** Oniguruma \\w and \\d as fast 'v' classes (see pinnedClassSource). */
function wordSource(): string {
  return pinnedClassSource('[\\p{Alpha}\\p{M}\\p{Nd}\\p{Pc}]', NAMED_SETS.onigWord());
}
function digitSource(): string {
  return pinnedClassSource('\\p{Nd}', NAMED_SETS.onigDigit());
}

