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
  // Each distinct trigram gets an index; found[j]: the query has trigram j.
  const index = new Map<number, number>();
  const found: boolean[] = [];
  for (const t of queryTrigrams) {
    if (!index.has(t)) {
      index.set(t, found.length);
      found.push(true);
    }
  }
  const ulen1 = found.length;
  const len2 = textTrigrams.length;
  const trg2indexes = new Int32Array(len2);
  for (let i = 0; i < len2; i++) {
    let j = index.get(textTrigrams[i]);
    if (j === undefined) {
      j = found.length;
      index.set(textTrigrams[i], j);
      found.push(false);
    }
    trg2indexes[i] = j;
  }
  const lastpos = new Int32Array(found.length).fill(-1);
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

/** Growable Int32Array: posting lists and title lists grow by appending. */
class IntList {
  data = new Int32Array(4);
  length = 0;
  push(value: number) {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
}

/** One listing's tsvector: lexeme ids ascending, their positions, and their ts_rank terms. */
type SlotVector = { lex: Int32Array; posStart: Int32Array; pos: Uint16Array; orTerm: Float32Array };

export type TextMatches = {
  /** Matching slots, ascending. */
  slots: Int32Array;
  /** ts_rank(search_vector, tsquery) + word_similarity(q, title) * 0.1, as the SQL computed it. */
  ranks: Float64Array;
};

export class TextIndex {
  private ids: string[] = [];
  private alive = new Uint8Array(1024);
  private vectors: (SlotVector | null)[] = [];
  private titleOf = new Int32Array(1024);
  private slotOfId = new Map<string, number>();
  private deadSlots = 0;

  private lexemeIds = new Map<string, number>();
  private lexemes: string[] = [];
  private docFreq: number[] = [];
  private postings: IntList[] = [];
  /** Ids of the lexemes in at least one live listing, in tsCompareString order; null when it needs rebuilding. */
  private sortedLive: number[] | null = [];
  private lexicon: Lexicon | null = null;

  private titleIds = new Map<string, number>();
  private titleTrigrams: Int32Array[] = [];
  /** Live slots of each distinct title. */
  private titleSlots: Set<number>[] = [];
  /** Trigram → the distinct titles having it. */
  private trigramTitles = new Map<number, IntList>();

  /** Per-search scratch: a stamp per slot, so nothing is cleared between searches. */
  private stamp = new Int32Array(1024);
  private stampBase = 0;

  get size(): number {
    return this.slotOfId.size;
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
    const withIds = entries.map((entry) => ({ id: this.lexemeId(entry.lexeme), positions: entry.positions })).sort((a, b) => a.id - b.id);
    const total = withIds.reduce((sum, e) => sum + e.positions.length, 0);
    const vector: SlotVector = {
      lex: new Int32Array(withIds.length),
      posStart: new Int32Array(withIds.length + 1),
      pos: new Uint16Array(total),
      orTerm: new Float32Array(withIds.length),
    };
    let offset = 0;
    withIds.forEach((entry, e) => {
      vector.lex[e] = entry.id;
      vector.posStart[e] = offset;
      vector.pos.set(entry.positions, offset);
      offset += entry.positions.length;
      vector.orTerm[e] = orTerm(vector.pos, vector.posStart[e], offset);
      this.postings[entry.id].push(slot);
      if (this.docFreq[entry.id]++ === 0) this.lexiconChanged();
    });
    vector.posStart[withIds.length] = offset;
    this.vectors.push(vector);

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
    const vector = this.vectors[slot]!;
    for (let e = 0; e < vector.lex.length; e++) if (--this.docFreq[vector.lex[e]] === 0) this.lexiconChanged();
    // Posting lists keep the dead slot (skipped by `alive`); its vector is no longer needed.
    this.vectors[slot] = null;
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
   */
  match(query: TextQuery, q: string, { titleSimilarity }: { titleSimilarity: boolean }): TextMatches {
    const resolved = query.map((clause) => clause.alternatives.map((alternative) => alternative.map((term) => this.resolve(term))));
    const base = this.nextStamp(3);
    const matched = this.matchClauses(resolved, base);
    const qTrigrams = trigramsOf(q);
    const similar = new Map<number, number>();
    const titleSim = (titleId: number) => {
      let sim = similar.get(titleId);
      if (sim === undefined) similar.set(titleId, (sim = wordSimilarity(qTrigrams, this.titleTrigrams[titleId])));
      return sim;
    };
    if (titleSimilarity) {
      const done = base + 2;
      for (const slot of matched) this.stamp[slot] = done;
      // word_similarity ≤ (query trigrams the title has) / (the query's distinct trigrams): only titles that
      // could reach the threshold are worked out.
      const needed = WORD_SIMILARITY_THRESHOLD * new Set(qTrigrams).size;
      for (const [titleId, shared] of this.titlesSharingTrigrams(qTrigrams)) {
        if (shared < needed || titleSim(titleId) < WORD_SIMILARITY_THRESHOLD) continue;
        for (const slot of this.titleSlots[titleId]) {
          if (this.stamp[slot] !== done) {
            this.stamp[slot] = done;
            matched.push(slot);
          }
        }
      }
    }
    matched.sort((a, b) => a - b);

    const items = rankItems(query);
    const itemLexemes = items.map((item) => this.resolve(item));
    const useAnd = rankWithAnd(query) && items.length >= 2;
    // Titles sharing no trigram with q have similarity 0: only the others are worked out.
    const sharing = this.titlesSharingTrigrams(qTrigrams);
    const slots = Int32Array.from(matched);
    const ranks = new Float64Array(slots.length);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      const vector = this.vectors[slot]!;
      // calc_rank: an empty vector ranks 0; a negative rank (no pair of items near each other) 1e-20.
      const rank = vector.lex.length === 0 ? 0 : useAnd ? this.rankAnd(vector, itemLexemes) : this.rankOr(vector, itemLexemes);
      const titleId = this.titleOf[slot];
      const sim = sharing.has(titleId) ? titleSim(titleId) : 0;
      ranks[i] = (rank < 0 ? f(1e-20) : rank) + sim * 0.1;
    }
    return { slots, ranks };
  }

  // ── matching ──

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

  /** Live slots matching every clause. Clauses are applied cheapest first; stamps mark the slots still in. */
  private matchClauses(clauses: number[][][][], base: number): number[] {
    if (clauses.length === 0) return [];
    const cost = (clause: number[][][]) =>
      clause.reduce((sum, alternative) => sum + Math.min(...alternative.map((ids) => ids.reduce((n, id) => n + this.postings[id].length, 0))), 0);
    const order = clauses.map((clause, i) => ({ clause, i, cost: cost(clause) })).sort((a, b) => a.cost - b.cost);
    let candidates: number[] = [];
    const first = order[0].clause;
    for (const alternative of first) {
      // Walk the rarest term's postings; a phrase is then checked in each listing's own vector.
      const rarest = alternative.reduce((best, ids, t) => (ids.reduce((n, id) => n + this.postings[id].length, 0) < best.n ? { t, n: ids.reduce((n, id) => n + this.postings[id].length, 0) } : best), { t: 0, n: Infinity }).t;
      for (const id of alternative[rarest]) {
        const list = this.postings[id];
        for (let p = 0; p < list.length; p++) {
          const slot = list.data[p];
          if (!this.alive[slot] || this.stamp[slot] === base + 1) continue;
          if (alternative.length > 1 && !this.phraseIn(this.vectors[slot]!, alternative)) continue;
          this.stamp[slot] = base + 1;
          candidates.push(slot);
        }
      }
    }
    for (let c = 1; c < order.length; c++) {
      const clause = order[c].clause;
      candidates = candidates.filter((slot) => clause.some((alternative) => this.alternativeIn(this.vectors[slot]!, alternative)));
    }
    return candidates;
  }

  private alternativeIn(vector: SlotVector, alternative: number[][]): boolean {
    if (alternative.length === 1) return alternative[0].some((id) => entryOf(vector, id) >= 0);
    return this.phraseIn(vector, alternative);
  }

  /** `a <-> b <-> c`: each term one position after the previous (phrase terms are never prefixes here, but any of a term's lexemes will do). */
  private phraseIn(vector: SlotVector, alternative: number[][]): boolean {
    let previous: Set<number> | null = null;
    for (const ids of alternative) {
      const here = new Set<number>();
      for (const id of ids) {
        const e = entryOf(vector, id);
        if (e < 0) continue;
        for (let k = vector.posStart[e]; k < vector.posStart[e + 1]; k++) {
          const position = vector.pos[k] & POSITION_MASK;
          if (previous === null || previous.has(position - 1)) here.add(position);
        }
      }
      if (here.size === 0) return false;
      previous = here;
    }
    return true;
  }

  // ── ranking: calc_rank_or and calc_rank_and of tsrank.c ──

  private rankOr(vector: SlotVector, items: number[][]): number {
    let res = 0;
    for (const ids of items) {
      for (const id of ids) {
        const e = entryOf(vector, id);
        if (e >= 0) res = f(res + vector.orTerm[e] / 1.64493406685);
      }
    }
    return items.length > 0 ? f(res / items.length) : res;
  }

  private rankAnd(vector: SlotVector, items: number[][]): number {
    let res = -1;
    // pos[i]: the entry whose positions item i last contributed (a prefix item's last lexeme).
    const pos = new Int32Array(items.length).fill(-1);
    for (let i = 0; i < items.length; i++) {
      for (const id of items[i]) {
        const e = entryOf(vector, id);
        if (e < 0) continue;
        pos[i] = e;
        for (let k = 0; k < i; k++) {
          const ek = pos[k];
          if (ek < 0) continue;
          for (let l = vector.posStart[e]; l < vector.posStart[e + 1]; l++) {
            for (let p = vector.posStart[ek]; p < vector.posStart[ek + 1]; p++) {
              const dist = Math.abs((vector.pos[l] & POSITION_MASK) - (vector.pos[p] & POSITION_MASK));
              if (dist === 0) continue;
              const curw = f(Math.sqrt(f(f(RANK_WEIGHTS[vector.pos[l] >> 14] * RANK_WEIGHTS[vector.pos[p] >> 14]) * wordDistance(dist))));
              res = res < 0 ? curw : f(1.0 - (1.0 - res) * (1.0 - curw));
            }
          }
        }
      }
    }
    return res;
  }

  // ── titles ──

  private titleId(title: string): number {
    let id = this.titleIds.get(title);
    if (id === undefined) {
      id = this.titleTrigrams.length;
      this.titleIds.set(title, id);
      const trigrams = trigramsOf(title);
      this.titleTrigrams.push(Int32Array.from(trigrams));
      this.titleSlots.push(new Set());
      for (const t of new Set(trigrams)) {
        let list = this.trigramTitles.get(t);
        if (!list) this.trigramTitles.set(t, (list = new IntList()));
        list.push(id);
      }
    }
    return id;
  }

  /** The distinct titles having at least one of the trigrams, with how many of them each has. */
  private titlesSharingTrigrams(trigrams: readonly number[]): Map<number, number> {
    const shared = new Map<number, number>();
    for (const t of new Set(trigrams)) {
      const list = this.trigramTitles.get(t);
      if (list) for (let i = 0; i < list.length; i++) shared.set(list.data[i], (shared.get(list.data[i]) ?? 0) + 1);
    }
    return shared;
  }

  // ── bookkeeping ──

  private lexemeId(lexeme: string): number {
    let id = this.lexemeIds.get(lexeme);
    if (id === undefined) {
      id = this.lexemes.length;
      this.lexemeIds.set(lexeme, id);
      this.lexemes.push(lexeme);
      this.docFreq.push(0);
      this.postings.push(new IntList());
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
    const grow = <T extends Uint8Array | Int32Array>(old: T, make: (size: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.alive = grow(this.alive, (s) => new Uint8Array(s));
    this.titleOf = grow(this.titleOf, (s) => new Int32Array(s));
    this.stamp = grow(this.stamp, (s) => new Int32Array(s));
  }

  private nextStamp(span: number): number {
    if (this.stampBase > 2 ** 30) {
      this.stamp.fill(0);
      this.stampBase = 0;
    }
    const base = this.stampBase;
    this.stampBase += span;
    return base;
  }
}

/** The entry of lexeme `id` in a listing's vector (binary search over ascending ids), or -1. */
function entryOf(vector: SlotVector, id: number): number {
  const lex = vector.lex;
  let low = 0;
  let high = lex.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const value = lex[mid];
    if (value === id) return mid;
    if (value < id) low = mid + 1;
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
