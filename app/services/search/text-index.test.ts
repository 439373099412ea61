import { describe, expect, it } from "vitest";
import { TextIndex } from "./text-index";
import type { TextQuery } from "./text-query";

/**
 * TextIndex.match's slots, pure (text-index.server.test.ts checks ranks and matches against
 * PostgreSQL on a small catalogue): here a catalogue large enough that a rare word's matches
 * are gathered from its postings rather than a pass over every slot, with alternatives whose
 * postings interleave and titles matched by similarity alone.
 */
const LISTINGS = 400;
const has = (i: number) => ({ alpha: i % 37 === 3, beta: i % 53 === 1 || i === 3 + 37 * 4, alphaTitle: i % 61 === 7 });

function catalogue(): TextIndex {
  const index = new TextIndex();
  for (let i = 0; i < LISTINGS; i++) {
    const { alpha, beta, alphaTitle } = has(i);
    const lexemes = [...(alpha ? ["'alpha':3"] : []), ...(beta ? ["'beta':4"] : []), "'filler':1", `'word${i % 7}':2`];
    index.upsert(`listing-${i}`, lexemes.join(" "), alphaTitle ? "Alpha Suite" : `Filler Product ${i}`);
  }
  return index;
}

const term = (lexeme: string) => ({ lexeme, prefix: false });
const ascending = (slots: number[]) => [...slots].sort((a, b) => a - b);
const slotsWhere = (index: TextIndex, wanted: (i: number) => boolean) => ascending(Array.from({ length: LISTINGS }, (_, i) => i).filter(wanted).map((i) => index.slotOf(`listing-${i}`)!));

describe("TextIndex.match gathers a rare word's matches from its postings", () => {
  it("gives the listings of either alternative, ascending and once each", () => {
    const index = catalogue();
    // Beta first: its postings come before alpha's, out of slot order.
    const query: TextQuery = [{ kind: "synonyms", alternatives: [[term("beta")], [term("alpha")]] }];
    const { slots } = index.match(query, "beta alpha", { titleSimilarity: false });
    const expected = slotsWhere(index, (i) => has(i).alpha || has(i).beta);
    expect(expected.length).toBeGreaterThan(15);
    expect(expected.length).toBeLessThan(LISTINGS / 8);
    expect(Array.from(slots)).toEqual(expected);
  });

  it("adds the listings matched by their title's similarity alone, once each", () => {
    const index = catalogue();
    const query: TextQuery = [{ kind: "word", alternatives: [[term("alpha")]] }];
    const { slots } = index.match(query, "alpha", { titleSimilarity: true });
    const expected = slotsWhere(index, (i) => has(i).alpha || has(i).alphaTitle);
    // Some listings match by title only, some by both.
    expect(expected.some((slot) => !has(Number(index.idOf(slot).slice(8))).alpha)).toBe(true);
    expect(Array.from({ length: LISTINGS }, (_, i) => i).some((i) => has(i).alpha && has(i).alphaTitle)).toBe(true);
    expect(Array.from(slots)).toEqual(expected);
  });

  it("gives a common word's matches from every slot, ascending, skipping superseded listings", () => {
    const index = catalogue();
    index.upsert("listing-5", "'filler':1", "Filler Product 5 (changed)");
    const { slots } = index.match([{ kind: "word", alternatives: [[term("filler")]] }], "filler", { titleSimilarity: false });
    expect(Array.from(slots)).toEqual(slotsWhere(index, () => true));
    expect(slots).toHaveLength(LISTINGS);
  });

  it("matches a word no listing has by nothing but similar titles", () => {
    const index = catalogue();
    const { slots } = index.match([{ kind: "word", alternatives: [[term("alphq")]] }], "alpha", { titleSimilarity: true });
    expect(Array.from(slots)).toEqual(slotsWhere(index, (i) => has(i).alphaTitle));
  });
});
