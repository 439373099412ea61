/**
 * Turns what a person typed into the PostgreSQL engine's tsquery: quoted phrases, synonyms
 * (SYNONYM_GROUPS, shared with Meilisearch), typo tolerance against the index's own words
 * (Meilisearch's rule: one typo from 5 letters, two from 9), and a prefix match on the last
 * word so results can follow the typing. Pure, so its rules are unit-tested without a database.
 */
import { SYNONYM_GROUPS } from "./document";

export type QueryToken = { word: string; phrase: number | null };

/** Lowercase words and quoted phrases; punctuation separates words ("e-referral" → e, referral). */
export function tokenise(q: string): QueryToken[] {
  const tokens: QueryToken[] = [];
  const parts = q.toLowerCase().split('"');
  let phraseNumber = 0;
  parts.forEach((part, index) => {
    // Odd parts sit between quotes; an unclosed quote is just text.
    const quoted = index % 2 === 1 && index < parts.length - 1;
    const words = part.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    if (quoted && words.length > 1) {
      phraseNumber++;
      for (const word of words) tokens.push({ word, phrase: phraseNumber });
    } else for (const word of words) tokens.push({ word, phrase: null });
  });
  return tokens.slice(0, 12);
}

export function typoBudget(word: string): number {
  if (word.length >= 9) return 2;
  if (word.length >= 5) return 1;
  return 0;
}

/** Damerau–Levenshtein (optimal string alignment) distance, or max+1 as soon as it exceeds max. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0][j] = j;
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, rows[i - 2][j - 2] + 1);
      rows[i][j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (i > 0 && rowMin > max) return max + 1;
  }
  return rows[a.length][b.length];
}

export type Lexicon = { words: ReadonlySet<string>; sorted: readonly string[] };

export function lexiconOf(words: Iterable<string>): Lexicon {
  const set = new Set(words);
  return { words: set, sorted: [...set].sort() };
}

function hasPrefix(lexicon: Lexicon, prefix: string): boolean {
  // Binary search for the first word ≥ prefix.
  let low = 0;
  let high = lexicon.sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (lexicon.sorted[mid] < prefix) low = mid + 1;
    else high = mid;
  }
  return lexicon.sorted[low]?.startsWith(prefix) ?? false;
}

/**
 * Letters present in a word, one bit each (digits and others share the last bits). A word
 * within `budget` edits of another lacks at most `budget` of its letters: a check of a few
 * instructions that skips the edit distance for nearly every word of a large lexicon.
 */
function letterMask(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    mask |= 1 << (c >= 97 && c <= 122 ? c - 97 : 26 + (c % 6));
  }
  return mask;
}

function popcount(n: number): number {
  n -= (n >>> 1) & 0x55555555;
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (((n + (n >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

const masks = new WeakMap<readonly string[], Int32Array>();
function lexiconMasks(lexicon: Lexicon): Int32Array {
  let found = masks.get(lexicon.sorted);
  if (!found) masks.set(lexicon.sorted, (found = Int32Array.from(lexicon.sorted, letterMask)));
  return found;
}

/** The closest index words to a stem that is not in the index, within the word's typo budget. */
export function corrections(stem: string, original: string, lexicon: Lexicon, limit = 3): string[] {
  const budget = typoBudget(original);
  if (budget === 0 || lexicon.words.has(stem)) return [];
  const found: { word: string; distance: number }[] = [];
  const wordMasks = lexiconMasks(lexicon);
  const mask = letterMask(stem);
  lexicon.sorted.forEach((word, i) => {
    if (Math.abs(word.length - stem.length) > budget) return;
    if (popcount(mask & ~wordMasks[i]) > budget || popcount(wordMasks[i] & ~mask) > budget) return;
    const distance = editDistance(stem, word, budget);
    if (distance <= budget) found.push({ word, distance });
  });
  return found
    .sort((a, b) => a.distance - b.distance || a.word.localeCompare(b.word))
    .slice(0, limit)
    .map((f) => f.word);
}

/** One query term: a lexeme as the english stemmer gives it, or the beginning of one (`:*`). */
export type TextTerm = { lexeme: string; prefix: boolean };
/**
 * A query: every clause must match; a clause matches when one of its alternatives does; an
 * alternative is one term or a phrase of adjacent terms (`<->`). `kind` is how the clause is
 * written as tsquery text.
 */
export type TextClause = { kind: "word" | "phrase" | "synonyms"; alternatives: TextTerm[][] };
export type TextQuery = TextClause[];

/**
 * The query as clauses. `stems` gives each token's lexeme ("" for a stop word). Every token (or
 * synonym span, or quoted phrase) must match: AND across them, OR among alternatives.
 * Returns null when nothing searchable is left (only stop words).
 */
export function buildTextQuery(tokens: QueryToken[], stems: string[], lexicon: Lexicon, synonymStems: string[][][] = []): TextQuery | null {
  const clauses: TextClause[] = [];
  const exact = (lexeme: string): TextTerm => ({ lexeme, prefix: false });
  let i = 0;
  const lastIndex = tokens.length - 1;
  while (i < tokens.length) {
    const token = tokens[i];
    if (token.phrase !== null) {
      let j = i;
      const parts: TextTerm[] = [];
      while (j < tokens.length && tokens[j].phrase === token.phrase) {
        if (stems[j]) parts.push(exact(stems[j]));
        j++;
      }
      if (parts.length > 0) clauses.push({ kind: "phrase", alternatives: [parts] });
      i = j;
      continue;
    }
    const span = synonymSpan(stems, tokens, i, synonymStems);
    if (span) {
      clauses.push({ kind: "synonyms", alternatives: span.alternatives.map((alt) => alt.map(exact)) });
      i += span.length;
      continue;
    }
    const stem = stems[i];
    if (stem) {
      const isLast = i === lastIndex;
      const prefixOk = isLast && stem.length >= 2 && hasPrefix(lexicon, stem);
      const options: TextTerm[] = [{ lexeme: stem, prefix: prefixOk }];
      if (!lexicon.words.has(stem) && !prefixOk) options.push(...corrections(stem, token.word, lexicon).map(exact));
      clauses.push({ kind: "word", alternatives: options.map((option) => [option]) });
    }
    i++;
  }
  return clauses.length > 0 ? clauses : null;
}

/** The query as tsquery text, for PostgreSQL. */
export function tsQueryText(query: TextQuery): string {
  const term = (t: TextTerm) => (t.prefix ? `${quote(t.lexeme)}:*` : quote(t.lexeme));
  return query
    .map((clause) => {
      if (clause.kind === "phrase") return `(${clause.alternatives[0].map(term).join(" <-> ")})`;
      if (clause.kind === "synonyms") return `(${clause.alternatives.map((alt) => `(${alt.map(term).join(" <-> ")})`).join(" | ")})`;
      return clause.alternatives.length > 1 ? `(${clause.alternatives.map((alt) => term(alt[0])).join(" | ")})` : term(clause.alternatives[0][0]);
    })
    .join(" & ");
}

const quote = (lexeme: string) => `'${lexeme.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;

/** The tsquery text of buildTextQuery, or null when nothing searchable is left. */
export function buildTsQuery(tokens: QueryToken[], stems: string[], lexicon: Lexicon, synonymStems: string[][][] = []): string | null {
  const query = buildTextQuery(tokens, stems, lexicon, synonymStems);
  return query ? tsQueryText(query) : null;
}

/** A run of query stems equal to one phrase of a synonym group: any phrase of the group will do. */
function synonymSpan(stems: string[], tokens: QueryToken[], start: number, synonymStems: string[][][]) {
  for (const group of synonymStems) {
    for (const phrase of group) {
      if (phrase.length === 0 || start + phrase.length > stems.length) continue;
      const matches = phrase.every((stem, k) => stems[start + k] === stem && tokens[start + k].phrase === null);
      if (matches) return { length: phrase.length, alternatives: uniqueAlternatives(group) };
    }
  }
  return null;
}

function uniqueAlternatives(group: string[][]): string[][] {
  const seen = new Set<string>();
  return group.filter((phrase) => {
    const key = phrase.join(" ");
    if (phrase.length === 0 || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every word of every synonym phrase, so their stems can be looked up with the query's. */
export const SYNONYM_WORDS = [...new Set(SYNONYM_GROUPS.flat().flatMap((phrase) => tokenise(phrase).map((t) => t.word)))];

export function synonymGroupsAsStems(stemOf: (word: string) => string): string[][][] {
  return SYNONYM_GROUPS.map((group) => group.map((phrase) => tokenise(phrase).map((t) => stemOf(t.word)).filter(Boolean)));
}
