import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stableHash, segmentsFromMarked, HIGHLIGHT_END, HIGHLIGHT_START } from "./document";
import { emptyQuery, parseSearchQuery, queryKey, toSearchParams } from "./query";
import { buildTsQuery, corrections, editDistance, lexiconOf, tokenise } from "./text-query";

const parse = (text: string) => parseSearchQuery(new URLSearchParams(text));

describe("search query parameters", () => {
  it("reads repeated and comma-separated values, normalising case", () => {
    const parsed = parse("q=%20video%20&capability=c14&capability=C5,C11&framework=NHSDGP001&sort=price&page=2&perPage=50");
    expect(parsed).toEqual({
      ok: true,
      query: expect.objectContaining({ q: "video", capability: ["C14", "C5", "C11"], framework: ["NHSDGP001"], sort: "price", page: 2, perPage: 50, assurance: ["assured"] }),
    });
  });

  it.each([
    ["capability=DROP TABLE", "capability"],
    ["page=0", "page"],
    ["page=-1", "page"],
    ["page=1.5", "page"],
    ["perPage=1000", "perPage"],
    ["sort=cheapest", "sort"],
    ["hosting=CLOUD", "hosting"],
    ["assurance=suspended", "assurance"],
    ["q=a&q=b", "q"],
    [`q=${"x".repeat(201)}`, "q"],
    ["supplier=abc", "supplier"],
    ["page=200&perPage=100", "page"],
  ])("refuses %s with a message for %s", (text, param) => {
    const parsed = parse(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0].param).toBe(param);
  });

  it("ignores parameters it does not know (Remix's _data, a compare list)", () => {
    expect(parse("_data=routes%2Fsolutions._index&ids=1&index").ok).toBe(true);
  });

  it("never throws, whatever the URL", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("q", "capability", "page", "perPage", "sort", "assurance", "integration", "x"), fc.string()), { maxLength: 8 }), (pairs) => {
        const result = parseSearchQuery(new URLSearchParams(pairs));
        expect(typeof result.ok).toBe("boolean");
      }),
    );
  });

  it("round-trips through the URL, leaving defaults out", () => {
    const query = emptyQuery({ q: "gp connect", capability: ["C14"], integration: ["GP_CONNECT"], sort: "name", page: 3 });
    const params = toSearchParams(query);
    expect(params.toString()).toBe("q=gp+connect&capability=C14&integration=GP_CONNECT&sort=name&page=3");
    const parsed = parseSearchQuery(params);
    expect(parsed.ok && queryKey(parsed.query)).toBe(queryKey(query));
  });
});

describe("the text query", () => {
  const lexicon = lexiconOf(["prescrib", "video", "consult", "gp", "connect", "appoint"]);

  it("tokenises quoted phrases and words", () => {
    expect(tokenise('"video consultation" e-referral')).toEqual([
      { word: "video", phrase: 1 },
      { word: "consultation", phrase: 1 },
      { word: "e", phrase: null },
      { word: "referral", phrase: null },
    ]);
  });

  it("counts transpositions as one edit", () => {
    expect(editDistance("prescirb", "prescrib", 2)).toBe(1);
    expect(editDistance("abc", "xyz", 1)).toBe(2);
  });

  it("corrects typos within Meilisearch's budget: none under 5 letters, one from 5, two from 9", () => {
    expect(corrections("prescib", "prescibing", lexicon)).toEqual(["prescrib"]);
    expect(corrections("vidoe", "vidoe", lexicon)).toEqual(["video"]);
    expect(corrections("gq", "gq", lexicon)).toEqual([]);
  });

  it("builds an AND of words, a prefix on the last, phrases and synonyms", () => {
    const tokens = tokenise('"video consultation" prescib');
    expect(buildTsQuery(tokens, ["video", "consult", "prescib"], lexicon)).toBe("('video' <-> 'consult') & ('prescib' | 'prescrib')");
    expect(buildTsQuery(tokenise("appoint"), ["appoint"], lexicon)).toBe("'appoint':*");
    expect(buildTsQuery(tokenise("gpconnect x"), ["gpconnect", "x"], lexicon, [[["gp", "connect"], ["gpconnect"]]])).toBe("(('gp' <-> 'connect') | ('gpconnect')) & 'x'");
    expect(buildTsQuery(tokenise("the"), [""], lexicon)).toBeNull();
  });

  it("never produces a quote that escapes its lexeme", () => {
    expect(buildTsQuery([{ word: "it's", phrase: null }], ["it's"], lexicon)).toBe("'it''s'");
  });
});

describe("shared helpers", () => {
  it("hashes ids stably and not alphabetically", () => {
    expect(stableHash("10000-001")).toBe(stableHash("10000-001"));
    const ids = ["10000-001", "10000-002", "10001-001", "10002-001"];
    const byHash = [...ids].sort((a, b) => stableHash(a) - stableHash(b));
    expect(byHash).not.toEqual(ids);
  });

  it("turns marked text into segments", () => {
    expect(segmentsFromMarked(`Safe ${HIGHLIGHT_START}<b>prescribing</b>${HIGHLIGHT_END} tool`)).toEqual([
      { text: "Safe ", matched: false },
      { text: "<b>prescribing</b>", matched: true },
      { text: " tool", matched: false },
    ]);
  });
});
