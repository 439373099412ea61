/**
 * The PostgreSQL engine's text search, run in memory over a copy of `search_documents`: which
 * listings a query matches, their relevance, and the title similarity behind typo-tolerant
 * name search. It computes exactly what the SQL it replaces computed, from the same data:
 *
 *   search_vector @@ tsquery                 (the tsvector as PostgreSQL stored it, parsed here)
 *   ts_rank(search_vector, tsquery)          (calc_rank of PostgreSQL's tsrank.c, in float4 steps)
 *   word_similarity(q, title), q <% title    (pg_trgm's trgm_op.c, with the C locale's word characters)
 *
 * so results, order and ties are unchanged; `text-index.server.test.ts` checks each against
 * PostgreSQL itself. Why in memory: each of those costs PostgreSQL a read of every matching
 * row, so a search's cost grew with the catalogue (a word in most listings read ~20,000 rows
 * at 30,000 solutions). Here a listing's lexemes, positions and per-lexeme ts_rank terms sit
 * in typed arrays, and a search touches only the posting lists of its words.
 *
 * Listings live in slots; a changed listing gets a new slot and its old one is marked dead, so
 * posting lists only ever grow at the end and stay sorted by slot. Pure: no database here.
 */

import type { HighlightSegment } from "./document";
import type { Lexicon, TextQuery, TextTerm } from "./text-query";

// ───────── tsvector ─────────

/** PostgreSQL's WordEntryPos: position in the low 14 bits, weight above them (A=3, B=2, C=1, D=0). */
const POSITION_MASK = 0x3fff;
const WEIGHT_OF: Record<string, number> = { A: 3, B: 2, C: 1, D: 0 };
/** ts_rank's default weights {D, C, B, A}, as float4. */
const RANK_WEIGHTS = [0.1, 0.2, 0.4, 1.0].map(Math.fround);
const f = Math.fround;

export type VectorEntry = { lexeme: string; positions: number[] };

/** Parses tsvector output (`'lexeme':1A,5 'other':3B`). Lexemes keep PostgreSQL's order. */
export function parseTsvector(text: string): VectorEntry[] {
  const entries: VectorEntry[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && text[i] === " ") i++;
    if (i >= n) break;
    if (text[i] !== "'") throw new Error(`Unexpected tsvector text at ${i}`);
    i++;
    let lexeme = "";
    for (;;) {
      if (i >= n) throw new Error("Unterminated lexeme in tsvector text");
      const c = text[i];
      if (c === "\\") {
        lexeme += text[i + 1];
        i += 2;
      } else if (c === "'") {
        if (text[i + 1] === "'") {
          lexeme += "'";
          i += 2;
        } else {
          i++;
          break;
        }
      } else {
        lexeme += c;
        i++;
      }
    }
    const positions: number[] = [];
    if (text[i] === ":") {
      i++;
      for (;;) {
        let position = 0;
        while (i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) position = position * 10 + (text.charCodeAt(i++) - 48);
        const weight = WEIGHT_OF[text[i]];
        if (weight !== undefined) i++;
        positions.push(((weight ?? 0) << 14) | (position & POSITION_MASK));
        if (text[i] === ",") i++;
        else break;
      }
    }
    entries.push({ lexeme, positions });
  }
  return entries;
}

/**
 * tsCompareString: bytewise (UTF-8) order, shorter first on a common prefix; lexemes in a
 * tsvector, and ranking's sorted query items, are in this order. UTF-8 byte order is code
 * point order; UTF-16 code unit order differs from it only around surrogate pairs.
 */
export function compareLexemes(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if ((x >= 0xd800 && x <= 0xdfff) || (y >= 0xd800 && y <= 0xdfff)) {
      const cx = a.codePointAt(i)!;
      const cy = b.codePointAt(i)!;
      if (cx !== cy) return cx < cy ? -1 : 1;
      continue;
    }
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * calc_rank_or's term for one lexeme of a document: (wjm + resj - wjm / (jm+1)²), float4.
 * The caller divides it by 1.64493406685 (π²/6) as a double, as PostgreSQL does.
 */
function orTerm(positions: ArrayLike<number>, start: number, end: number): number {
  let resj = 0;
  let wjm = -1;
  let jm = 0;
  for (let j = 0; j < end - start; j++) {
    const w = RANK_WEIGHTS[positions[start + j] >> 14];
    resj = f(resj + f(w / ((j + 1) * (j + 1))));
    if (w > wjm) {
      wjm = w;
      jm = j;
    }
  }
  return f(f(wjm + resj) - f(wjm / ((jm + 1) * (jm + 1))));
}

function wordDistance(distance: number): number {
  if (distance > 100) return f(1e-30);
  return f(1.0 / (1.005 + 0.05 * Math.exp(f(distance) / 1.5 - 2)));
}

// ───────── pg_trgm word similarity ─────────

/**
 * pg_trgm's trigrams of a text in order, repeats kept (generate_trgm_only): each word
 * lowercased, two spaces before it and one after. Word characters are those of the C locale
 * (ASCII letters and digits), as in the embedded database.
 */
export function trigramsOf(text: string): number[] {
  const out: number[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isWordChar(text.charCodeAt(i))) i++;
    if (i >= n) break;
    let a = 32;
    let b = 32;
    while (i < n && isWordChar(text.charCodeAt(i))) {
      const c = lowerAscii(text.charCodeAt(i++));
      out.push((a << 16) | (b << 8) | c);
      a = b;
      b = c;
    }
    out.push((a << 16) | (b << 8) | 32);
  }
  return out;
}

const isWordChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const lowerAscii = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);
const calcSml = (count: number, len1: number, len2: number) => f(f(count) / f(len1 + len2 - count));

/** pg_trgm.word_similarity_threshold's default (0.6, held as a float4). */
export const WORD_SIMILARITY_THRESHOLD = f(0.6);

/**
 * word_similarity(query, text): calc_word_similarity and iterate_word_similarity of trgm_op.c.
 * `queryTrigrams` and `textTrigrams` come from trigramsOf.
 */
export function wordSimilarity(queryTrigrams: readonly number[], textTrigrams: ArrayLike<number>): number {
  // Each distinct trigram of the text gets an index; found[j]: the query has trigram j.
  const query = new Set(queryTrigrams);
  const index = new Map<number, number>();
  const trg2indexes = new Int32Array(textTrigrams.length);
  const found: number[] = [];
  for (let i = 0; i < textTrigrams.length; i++) {
    let j = index.get(textTrigrams[i]);
    if (j === undefined) {
      index.set(textTrigrams[i], (j = found.length));
      found.push(query.has(textTrigrams[i]) ? 1 : 0);
    }
    trg2indexes[i] = j;
  }
  return iterateWordSimilarity(trg2indexes, found, query.size);
}

/**
 * iterate_word_similarity of trgm_op.c (plain, not strict, maximum wanted): the best
 * similarity between the query's trigrams and a run of the text's. `trg2indexes[i]`: the
 * distinct trigram at position i; `found[j]`: whether the query has distinct trigram j;
 * `ulen1`: the query's distinct trigrams.
 */
function iterateWordSimilarity(trg2indexes: ArrayLike<number>, found: ArrayLike<number>, ulen1: number, lastpos = new Int32Array(found.length)): number {
  const len2 = trg2indexes.length;
  lastpos.fill(-1);
  let ulen2 = 0;
  let count = 0;
  let upper = -1;
  let lower = -1;
  let smlrMax = 0;
  for (let i = 0; i < len2; i++) {
    const trgindex = trg2indexes[i];
    if (lower >= 0 || found[trgindex]) {
      if (lastpos[trgindex] < 0) {
        ulen2++;
        if (found[trgindex]) count++;
      }
      lastpos[trgindex] = i;
    }
    if (found[trgindex]) {
      upper = i;
      if (lower === -1) {
        lower = i;
        ulen2 = 1;
      }
      let smlrCur = calcSml(count, ulen1, ulen2);
      let tmpCount = count;
      let tmpUlen2 = ulen2;
      const prevLower = lower;
      for (let tmpLower = lower; tmpLower <= upper; tmpLower++) {
        const smlrTmp = calcSml(tmpCount, ulen1, tmpUlen2);
        if (smlrTmp > smlrCur) {
          smlrCur = smlrTmp;
          ulen2 = tmpUlen2;
          lower = tmpLower;
          count = tmpCount;
        }
        const tmpTrgindex = trg2indexes[tmpLower];
        if (lastpos[tmpTrgindex] === tmpLower) {
          tmpUlen2--;
          if (found[tmpTrgindex]) tmpCount--;
        }
      }
      smlrMax = Math.max(smlrMax, smlrCur);
      for (let tmpLower = prevLower; tmpLower < lower; tmpLower++) {
        const tmpTrgindex = trg2indexes[tmpLower];
        if (lastpos[tmpTrgindex] === tmpLower) lastpos[tmpTrgindex] = -1;
      }
    }
  }
  return smlrMax;
}

// ───────── The index ─────────

/** A growable typed array: posting lists and pools grow by appending. */
class Growable<T extends Int32Array | Uint16Array | Float32Array> {
  length = 0;
  constructor(public data: T) {}
  push(value: number) {
    if (this.length === this.data.length) this.data = grow(this.data, this.data.length * 2);
    this.data[this.length++] = value;
  }
}

function grow<T extends Int32Array | Uint16Array | Uint8Array | Float32Array>(array: T, size: number): T {
  const next = new (array.constructor as new (size: number) => T)(size);
  next.set(array);
  return next;
}

/**
 * A lexeme's postings, ascending by slot: for each listing having it, where its positions
 * start in the position pool, how many there are, and its calc_rank_or term (float4).
 */
class Postings {
  slots = new Growable(new Int32Array(4));
  posStart = new Growable(new Int32Array(4));
  posCount = new Growable(new Uint16Array(4));
  orTerm = new Growable(new Float32Array(4));
  get length() {
    return this.slots.length;
  }
}

export type TextMatches = {
  /** Matching slots, ascending. */
  slots: Int32Array;
  /**
   * Each match's ts_rank(search_vector, tsquery): its rank without the title's similarity, so
   * at most its rank. Exact where `upper` is null (no title shares a trigram with q).
   */
  ranks: Float64Array;
  /**
   * At least each match's rank (its title shares a few of q's trigrams, so the similarity is at
   * most that share): a page needs the exact rank only of matches whose bound reaches the
   * ranks it shows, as a common word matches most of the catalogue.
   */
  upper: Float64Array | null;
  /** Match i's ts_rank + word_similarity(q, title) * 0.1, as the SQL computes it (worked out once). */
  rank(i: number): number;
};

export class TextIndex {
  private ids: string[] = [];
  private alive = new Uint8Array(1024);
  /** Each slot's lexeme ids (to update document frequencies when it goes); null once dead. */
  private slotLexemes: (Int32Array | null)[] = [];
  private titleOf = new Int32Array(1024);
  private slotOfId = new Map<string, number>();
  private deadSlots = 0;

  private lexemeIds = new Map<string, number>();
  private lexemes: string[] = [];
  private docFreq: number[] = [];
  private postings: Postings[] = [];
  /** Every posting's positions (PostgreSQL's WordEntryPos values), end to end. */
  private positions = new Growable(new Uint16Array(1 << 16));
  /** Ids of the lexemes in at least one live listing, in tsCompareString order; null when it needs rebuilding. */
  private sortedLive: number[] | null = [];
  private lexicon: Lexicon | null = null;

  private titleIds = new Map<string, number>();
  /** Each title's trigrams as indexes into its own distinct trigrams, and those distinct trigrams. */
  private titleTrigramIndexes: Int32Array[] = [];
  private titleDistinct: Int32Array[] = [];
  /** Live slots of each distinct title. */
  private titleSlots: Set<number>[] = [];
  /** Trigram → the distinct titles having it. */
  private trigramTitles = new Map<number, Growable<Int32Array>>();

  /** Per-search scratch: a stamp per slot, so nothing is cleared between searches. */
  private stamp = new Int32Array(1024);
  private stampBase = 1;
  private matchScratch = new Int32Array(0);
  private similarityScratch = { found: new Uint8Array(64), lastpos: new Int32Array(64) };
  /**
   * Per-search scratch of the title similarity, by distinct title: how many of the query's
   * trigrams it shares and its similarity once worked out, valid where the stamp is this
   * search's. Typed arrays rather than maps: a common word matches tens of thousands of
   * listings, each asking for its title's similarity.
   */
  private titleScratch = { stamp: new Int32Array(1024), shared: new Int32Array(1024), similarity: new Float64Array(1024), known: new Int32Array(1024), next: 1 };
  /** Slots whose stored tsvector is empty (ts_rank ranks them 0). */
  private emptyVector = new Uint8Array(1024);

  get size(): number {
    return this.slotOfId.size;
  }

  /** Slots given so far, live and superseded: the length of per-slot arrays. */
  get slotCount(): number {
    return this.ids.length;
  }

  /** Share of slots held by superseded versions of listings: the owner rebuilds the index when it grows large. */
  get deadShare(): number {
    return this.ids.length === 0 ? 0 : this.deadSlots / this.ids.length;
  }

  has(id: string): boolean {
    return this.slotOfId.has(id);
  }

  slotOf(id: string): number | undefined {
    return this.slotOfId.get(id);
  }

  idOf(slot: number): string {
    return this.ids[slot];
  }

  /** Adds or replaces a listing from its stored tsvector text and title; returns its slot. */
  upsert(id: string, vectorText: string | null, title: string): number {
    this.remove(id);
    const slot = this.ids.length;
    this.ensureSlotCapacity(slot + 1);
    this.ids.push(id);
    this.alive[slot] = 1;
    this.slotOfId.set(id, slot);

    const entries = vectorText ? parseTsvector(vectorText) : [];
    const lexemeIds = new Int32Array(entries.length);
    entries.forEach((entry, e) => {
      const lexeme = this.lexemeId(entry.lexeme);
      lexemeIds[e] = lexeme;
      const postings = this.postings[lexeme];
      const start = this.positions.length;
      for (const position of entry.positions) this.positions.push(position);
      postings.slots.push(slot);
      postings.posStart.push(start);
      postings.posCount.push(entry.positions.length);
      postings.orTerm.push(orTerm(this.positions.data, start, start + entry.positions.length));
      if (this.docFreq[lexeme]++ === 0) this.lexiconChanged();
    });
    this.slotLexemes.push(lexemeIds);
    this.emptyVector[slot] = entries.length === 0 ? 1 : 0;

    const titleId = this.titleId(title);
    this.titleOf[slot] = titleId;
    this.titleSlots[titleId].add(slot);
    return slot;
  }

  remove(id: string) {
    const slot = this.slotOfId.get(id);
    if (slot === undefined) return;
    this.slotOfId.delete(id);
    this.alive[slot] = 0;
    this.deadSlots++;
    // Posting lists keep the dead slot (skipped by `alive`).
    for (const lexeme of this.slotLexemes[slot]!) if (--this.docFreq[lexeme] === 0) this.lexiconChanged();
    this.slotLexemes[slot] = null;
    this.titleSlots[this.titleOf[slot]].delete(slot);
  }

  /** The words of live listings (what `ts_stat` over the index lists). */
  words(): Lexicon {
    if (!this.lexicon) {
      const sorted = this.sortedLexemeIds().map((id) => this.lexemes[id]);
      this.lexicon = { words: new Set(sorted), sorted };
    }
    return this.lexicon;
  }

  /**
   * The listings matching the query, with their relevance. `q` is the text as typed: its
   * title similarity adds to the rank, and a one-word search also matches titles it is
   * similar to (`q <% title`), as a misspelt name has no lexeme to match.
   *
   * Everything runs along posting lists (typed arrays, ascending by slot), with a stamp per
   * slot saying how far it got: clause after clause, the slots still in carry the next stamp.
   */
  match(query: TextQuery, q: string, { titleSimilarity }: { titleSimilarity: boolean }): TextMatches {
    const clauses = query.map((clause) => clause.alternatives.map((alternative) => alternative.map((term) => this.resolve(term))));
    const base = this.nextStamp(clauses.length + 1);
    // A clause costs the postings of each alternative's rarest term, which are all markAlternative walks.
    const cost = (clause: number[][][]) => clause.reduce((sum, alternative) => sum + this.postingCount(this.rarestTerm(alternative)), 0);
    const order = clauses.map((clause) => ({ clause, cost: cost(clause) })).sort((a, b) => a.cost - b.cost);
    order.forEach(({ clause }, c) => {
      // The first clause takes any live slot; each next one only the slots every earlier clause matched.
      const before = c === 0 ? -1 : base + c - 1;
      for (const alternative of clause) this.markAlternative(alternative, before, base + c);
    });
    const matched = base + clauses.length - 1;

    const similarity = this.titleSimilarity(trigramsOf(q));
    const similarTitles: number[] = [];
    if (titleSimilarity) {
      for (const titleId of similarity.candidates()) {
        if (similarity.of(titleId) < WORD_SIMILARITY_THRESHOLD) continue;
        for (const slot of this.titleSlots[titleId]) {
          this.stamp[slot] = matched;
          similarTitles.push(slot);
        }
      }
    }
    const slots = this.matchedSlots(order[0], matched, similarTitles);

    const items = rankItems(query).map((item) => this.resolve(item));
    const rank = rankWithAnd(query) && items.length >= 2 ? this.rankAnd(items, matched, slots) : this.rankOr(items, matched, slots);
    const ranks = new Float64Array(slots.length);
    const { emptyVector, titleOf } = this;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      // calc_rank: an empty vector ranks 0; a negative rank (no pair of items near each other) 1e-20.
      ranks[i] = emptyVector[slot] === 1 ? 0 : rank[i] < 0 ? f(1e-20) : rank[i];
    }
    const upper = similarity.bounds(slots, ranks);
    const exact = upper ? new Float64Array(slots.length).fill(NaN) : null;
    const titles = similarity.titles;
    return {
      slots,
      ranks,
      upper,
      rank: (i) => {
        if (!exact) return ranks[i];
        if (Number.isNaN(exact[i])) exact[i] = ranks[i] + titles.of(titleOf[slots[i]]) * 0.1;
        return exact[i];
      },
    };
  }

  // ── matching ──

  /**
   * The slots stamped `matched`, ascending. Every match has a posting of the cheapest clause
   * (or a similar title): when those postings are few, the slots come from them, sorted, so a
   * rare word's search costs its postings rather than a pass over every slot of the catalogue.
   */
  private matchedSlots(cheapest: { clause: number[][][]; cost: number } | undefined, matched: number, similarTitles: number[]): Int32Array {
    const stamp = this.stamp;
    const slotCount = this.ids.length;
    if (cheapest && cheapest.cost + similarTitles.length < slotCount / 8) {
      const found = new Int32Array(cheapest.cost + similarTitles.length);
      let n = 0;
      for (const alternative of cheapest.clause) {
        // A phrase's matches have every term: the rarest term's postings hold them all (its cost).
        for (const id of this.rarestTerm(alternative)) {
          const list = this.postings[id].slots;
          for (let p = 0; p < list.length; p++) if (stamp[list.data[p]] === matched) found[n++] = list.data[p];
        }
      }
      for (const slot of similarTitles) found[n++] = slot;
      const sorted = found.subarray(0, n).sort();
      // Alternatives (synonyms, corrections) and similar titles can share a listing: once each.
      let unique = 0;
      for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[unique++] = sorted[i];
      return sorted.slice(0, unique);
    }
    let n = 0;
    for (let slot = 0; slot < slotCount; slot++) if (stamp[slot] === matched) n++;
    const slots = new Int32Array(n);
    n = 0;
    for (let slot = 0; slot < slotCount; slot++) if (stamp[slot] === matched) slots[n++] = slot;
    return slots;
  }

  /** A term's lexeme ids in tsCompareString order: one (or none) exact, every live lexeme beginning with a prefix. */
  private resolve(term: TextTerm): number[] {
    if (!term.prefix) {
      const id = this.lexemeIds.get(term.lexeme);
      return id !== undefined && this.docFreq[id] > 0 ? [id] : [];
    }
    const sorted = this.sortedLexemeIds();
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (compareLexemes(this.lexemes[sorted[mid]], term.lexeme) < 0) low = mid + 1;
      else high = mid;
    }
    const ids: number[] = [];
    for (let i = low; i < sorted.length && this.lexemes[sorted[i]].startsWith(term.lexeme); i++) ids.push(sorted[i]);
    return ids;
  }

  /** An alternative's term (its lexeme ids) with the fewest postings: one word, or the rarest word of a phrase. */
  private rarestTerm(alternative: number[][]): number[] {
    return alternative.reduce((best, ids) => (this.postingCount(ids) < this.postingCount(best) ? ids : best), alternative[0]);
  }

  private postingCount(ids: number[]): number {
    let n = 0;
    for (const id of ids) n += this.postings[id].length;
    return n;
  }

  /** Moves live slots stamped `before` (any live slot when -1) that match the alternative to `after`. */
  private markAlternative(alternative: number[][], before: number, after: number) {
    // Stamps below this search's base are older searches': the first clause takes any live slot not yet marked.
    const accepts = (slot: number) => this.alive[slot] === 1 && (before < 0 ? this.stamp[slot] !== after : this.stamp[slot] === before);
    if (alternative.length === 1) {
      for (const id of alternative[0]) {
        const list = this.postings[id].slots;
        for (let p = 0; p < list.length; p++) {
          const slot = list.data[p];
          if (accepts(slot)) this.stamp[slot] = after;
        }
      }
      return;
    }
    // A phrase: walk the rarest term's postings, then check the positions in each slot.
    for (const id of this.rarestTerm(alternative)) {
      const list = this.postings[id].slots;
      for (let p = 0; p < list.length; p++) {
        const slot = list.data[p];
        if (accepts(slot) && this.phraseIn(slot, alternative)) this.stamp[slot] = after;
      }
    }
  }

  /** `a <-> b <-> c` in one slot: each term one position after the previous (any of a term's lexemes will do). */
  private phraseIn(slot: number, alternative: number[][]): boolean {
    let previous: Set<number> | null = null;
    for (const ids of alternative) {
      const here = new Set<number>();
      for (const id of ids) {
        const postings = this.postings[id];
        const p = postingOf(postings, slot);
        if (p < 0) continue;
        const start = postings.posStart.data[p];
        for (let k = start; k < start + postings.posCount.data[p]; k++) {
          const position = this.positions.data[k] & POSITION_MASK;
          if (previous === null || previous.has(position - 1)) here.add(position);
        }
      }
      if (here.size === 0) return false;
      previous = here;
    }
    return true;
  }

  // ── ranking: calc_rank_or and calc_rank_and of tsrank.c, along the items' posting lists ──

  /** Position of each matched slot in `slots` (stamped `matched`), for per-match accumulators. */
  private matchIndex(slots: Int32Array): Int32Array {
    // Scratch kept between searches: only the matched slots' entries are written and read.
    if (this.matchScratch.length < this.ids.length) this.matchScratch = new Int32Array(this.alive.length);
    for (let i = 0; i < slots.length; i++) this.matchScratch[slots[i]] = i;
    return this.matchScratch;
  }

  /** Items in tsCompareString order, each item's lexemes in that order too: the order PostgreSQL adds the terms in. */
  private rankOr(items: number[][], matched: number, slots: Int32Array): Float64Array {
    const res = new Float64Array(slots.length);
    const at = this.matchIndex(slots);
    for (const ids of items) {
      for (const id of ids) {
        const { slots: list, orTerm } = this.postings[id];
        for (let p = 0; p < list.length; p++) {
          const slot = list.data[p];
          if (this.stamp[slot] !== matched) continue;
          const i = at[slot];
          res[i] = f(res[i] + orTerm.data[p] / 1.64493406685);
        }
      }
    }
    if (items.length > 0) for (let i = 0; i < res.length; i++) res[i] = f(res[i] / items.length);
    return res;
  }

  private rankAnd(items: number[][], matched: number, slots: Int32Array): Float64Array {
    const res = new Float64Array(slots.length).fill(-1);
    const at = this.matchIndex(slots);
    const pos = this.positions.data;
    // For item k and match i: the posting (of lexeme postings owner[i]) whose positions item k last
    // contributed, or -1: PostgreSQL's pos[k], a prefix item's last lexeme in the listing.
    const last: { p: Int32Array; owner: (Postings | undefined)[] }[] = [];
    items.forEach((ids, k) => {
      const mine = { p: new Int32Array(slots.length).fill(-1), owner: new Array<Postings | undefined>(slots.length) };
      for (const id of ids) {
        const postings = this.postings[id];
        const list = postings.slots;
        for (let p = 0; p < list.length; p++) {
          const slot = list.data[p];
          if (this.stamp[slot] !== matched) continue;
          const i = at[slot];
          const fromL = postings.posStart.data[p];
          const toL = fromL + postings.posCount.data[p];
          for (let j = 0; j < k; j++) {
            const pk = last[j].p[i];
            if (pk < 0) continue;
            const other = last[j].owner[i]!;
            const fromP = other.posStart.data[pk];
            const toP = fromP + other.posCount.data[pk];
            for (let l = fromL; l < toL; l++) {
              for (let q = fromP; q < toP; q++) {
                const dist = Math.abs((pos[l] & POSITION_MASK) - (pos[q] & POSITION_MASK));
                if (dist === 0) continue;
                const curw = f(Math.sqrt(f(f(RANK_WEIGHTS[pos[l] >> 14] * RANK_WEIGHTS[pos[q] >> 14]) * wordDistance(dist))));
                res[i] = res[i] < 0 ? curw : f(1.0 - (1.0 - res[i]) * (1.0 - curw));
              }
            }
          }
          mine.p[i] = p;
          mine.owner[i] = postings;
        }
      }
      last.push(mine);
    });
    return res;
  }

  // ── titles ──

  private titleId(title: string): number {
    let id = this.titleIds.get(title);
    if (id === undefined) {
      id = this.titleDistinct.length;
      this.titleIds.set(title, id);
      const trigrams = trigramsOf(title);
      const distinct = [...new Set(trigrams)];
      const indexOf = new Map(distinct.map((t, i) => [t, i]));
      this.titleDistinct.push(Int32Array.from(distinct));
      this.titleTrigramIndexes.push(Int32Array.from(trigrams, (t) => indexOf.get(t)!));
      this.titleSlots.push(new Set());
      for (const t of distinct) {
        let list = this.trigramTitles.get(t);
        if (!list) this.trigramTitles.set(t, (list = new Growable(new Int32Array(4))));
        list.push(id);
      }
    }
    return id;
  }

  /**
   * word_similarity(q, title) for this search, worked out per distinct title when first
   * asked: 0 for a title sharing no trigram with q. `candidates()`: the titles that could
   * reach the `<%` threshold, as a title's similarity is at most the share of q's distinct
   * trigrams it has.
   */
  private titleSimilarity(qTrigrams: number[]) {
    const query = new Set(qTrigrams);
    const titles = this.titleDistinct.length;
    let scratch = this.titleScratch;
    if (scratch.stamp.length < titles || scratch.next >= 2 ** 30) {
      const size = Math.max(titles * 2, scratch.stamp.length);
      this.titleScratch = scratch = { stamp: new Int32Array(size), shared: new Int32Array(size), similarity: new Float64Array(size), known: new Int32Array(size), next: 1 };
    }
    const stamp = scratch.next++;
    const { shared, similarity, known } = scratch;
    const sharing: number[] = [];
    for (const t of query) {
      const list = this.trigramTitles.get(t);
      if (!list) continue;
      for (let i = 0; i < list.length; i++) {
        const titleId = list.data[i];
        if (scratch.stamp[titleId] !== stamp) {
          scratch.stamp[titleId] = stamp;
          shared[titleId] = 0;
          sharing.push(titleId);
        }
        shared[titleId]++;
      }
    }
    const of = (titleId: number): number => {
      if (scratch.stamp[titleId] !== stamp) return 0;
      if (known[titleId] !== stamp) {
        known[titleId] = stamp;
        similarity[titleId] = this.titleWordSimilarity(query, titleId);
      }
      return similarity[titleId];
    };
    // The scratch is this search's only: kept matches (paging) work similarities out afresh, once each.
    const later = { of: (titleId: number): number => (this.titleScratch === scratch && scratch.next === stamp + 1 ? of(titleId) : this.titleWordSimilarity(query, titleId)) };
    return {
      of,
      titles: later,
      candidates: (): number[] => sharing.filter((titleId) => shared[titleId] >= WORD_SIMILARITY_THRESHOLD * query.size),
      /**
       * Each match's rank at most, or null when no title shares a trigram: a title's similarity
       * is at most the share of q's distinct trigrams it has (calc_sml's count over at least
       * ulen1), raised by a millionth for float4 rounding.
       */
      bounds: (slots: Int32Array, ranks: Float64Array): Float64Array | null => {
        if (sharing.length === 0) return null;
        const upper = new Float64Array(slots.length);
        const perTrigram = (0.1 * (1 + 1e-6)) / query.size;
        for (let i = 0; i < slots.length; i++) {
          const titleId = this.titleOf[slots[i]];
          upper[i] = scratch.stamp[titleId] === stamp ? ranks[i] + shared[titleId] * perTrigram : ranks[i];
        }
        return upper;
      },
    };
  }

  /** wordSimilarity with the title's trigrams indexed once, when it was added. */
  private titleWordSimilarity(query: Set<number>, titleId: number): number {
    const distinct = this.titleDistinct[titleId];
    let scratch = this.similarityScratch;
    if (scratch.found.length < distinct.length) this.similarityScratch = scratch = { found: new Uint8Array(distinct.length * 2), lastpos: new Int32Array(distinct.length * 2) };
    for (let i = 0; i < distinct.length; i++) scratch.found[i] = query.has(distinct[i]) ? 1 : 0;
    // The query's trigrams the title lacks never occur in it: only their number counts (ulen1).
    return iterateWordSimilarity(this.titleTrigramIndexes[titleId], scratch.found, query.size, scratch.lastpos.subarray(0, distinct.length));
  }

  // ── bookkeeping ──

  private lexemeId(lexeme: string): number {
    let id = this.lexemeIds.get(lexeme);
    if (id === undefined) {
      id = this.lexemes.length;
      this.lexemeIds.set(lexeme, id);
      this.lexemes.push(lexeme);
      this.docFreq.push(0);
      this.postings.push(new Postings());
    }
    return id;
  }

  private lexiconChanged() {
    this.sortedLive = null;
    this.lexicon = null;
  }

  private sortedLexemeIds(): number[] {
    if (!this.sortedLive) {
      this.sortedLive = this.lexemes
        .map((_, id) => id)
        .filter((id) => this.docFreq[id] > 0)
        .sort((a, b) => compareLexemes(this.lexemes[a], this.lexemes[b]));
    }
    return this.sortedLive;
  }

  private ensureSlotCapacity(n: number) {
    if (n <= this.alive.length) return;
    const size = Math.max(n, this.alive.length * 2);
    this.alive = grow(this.alive, size);
    this.emptyVector = grow(this.emptyVector, size);
    this.titleOf = grow(this.titleOf, size);
    this.stamp = grow(this.stamp, size);
  }

  /** Stamps base … base + span - 1 for one search; every slot's stamp is below base. */
  private nextStamp(span: number): number {
    if (this.stampBase + span > 2 ** 30) {
      this.stamp.fill(0);
      this.stampBase = 1;
    }
    const base = this.stampBase;
    this.stampBase += span;
    return base;
  }
}

/** The posting of `slot` in a lexeme's postings (ascending by slot), or -1. */
function postingOf(postings: Postings, slot: number): number {
  const slots = postings.slots.data;
  let low = 0;
  let high = postings.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const value = slots[mid];
    if (value === slot) return mid;
    if (value < slot) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

/**
 * SortAndUniqItems: the query's operands sorted by tsCompareString and unique by lexeme.
 * (Of two operands with the same lexeme, one exact and one a prefix, the first written is kept.)
 */
export function rankItems(query: TextQuery): TextTerm[] {
  const byLexeme = new Map<string, TextTerm>();
  for (const clause of query) for (const alternative of clause.alternatives) for (const term of alternative) if (!byLexeme.has(term.lexeme)) byLexeme.set(term.lexeme, term);
  return [...byLexeme.values()].sort((a, b) => compareLexemes(a.lexeme, b.lexeme));
}

/** calc_rank uses calc_rank_and when the tsquery's top operator is & or <->, calc_rank_or otherwise. */
export function rankWithAnd(query: TextQuery): boolean {
  if (query.length > 1) return true;
  const [clause] = query;
  return clause !== undefined && clause.alternatives.length === 1 && clause.alternatives[0].length > 1;
}

// ───────── Highlights ─────────

/** A word of a text as `search_highlight_tokens` stored it: start and length in characters (code points), and its lexemes. */
export type HighlightToken = [start: number, length: number, lexemes: string[]];

/**
 * The text split into matched and unmatched segments, as ts_headline with HighlightAll marks
 * it: a word is matched when one of its lexemes is a query term, or begins with a prefix term.
 */
export function highlightSegments(text: string, tokens: readonly HighlightToken[] | null | undefined, terms: readonly TextTerm[]): HighlightSegment[] {
  if (!text) return [];
  if (!tokens || terms.length === 0) return [{ text, matched: false }];
  const matches = (lexeme: string) => terms.some((term) => (term.prefix ? lexeme.startsWith(term.lexeme) : lexeme === term.lexeme));
  // Offsets count characters; a string indexes UTF-16 code units, which differ only past U+FFFF.
  const units = /[\uD800-\uDFFF]/.test(text) ? codeUnitOffsets(text) : null;
  const at = (offset: number) => (units ? (units[offset] ?? text.length) : offset);
  const segments: HighlightSegment[] = [];
  const add = (part: string, matched: boolean) => {
    if (!part) return;
    const last = segments[segments.length - 1];
    if (last && last.matched === matched) last.text += part;
    else segments.push({ text: part, matched });
  };
  let cursor = 0;
  for (const [start, length, lexemes] of tokens) {
    const from = at(start);
    const to = at(start + length);
    if (from < cursor || to > text.length) return [{ text, matched: false }];
    if (!lexemes.some(matches)) continue;
    add(text.slice(cursor, from), false);
    add(text.slice(from, to), true);
    cursor = to;
  }
  add(text.slice(cursor), false);
  return segments;
}

function codeUnitOffsets(text: string): number[] {
  const offsets: number[] = [];
  let unit = 0;
  for (const char of text) {
    offsets.push(unit);
    unit += char.length;
  }
  offsets.push(unit);
  return offsets;
}
