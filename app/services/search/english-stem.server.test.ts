import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { createPublishedSolution, createSupplier, ensureReferenceData } from "../../../seed/factories";
import { useTestDatabase } from "~/test/database";
import { ENGLISH_STOP_WORDS, englishStem } from "./english-stem";
import { createPostgresEngine } from "./postgres-engine.server";
import { projectListings } from "./projection.server";
import { parseSearchQuery } from "./query";

/**
 * The stemmer here must give exactly what PostgreSQL's `english_stem` gives, or a search for a
 * word would look for another lexeme than the listings' tsvectors hold. Checked against the
 * database itself: every word of the repository's seed data, documentation and source (the
 * catalogue's own vocabulary), each with the suffixes the stemmer's steps strip, and misspelt.
 */
const database = useTestDatabase();
const root = path.resolve(__dirname, "../../..");

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full);
    return /\.(ts|tsx|md)$/.test(name) ? [full] : [];
  });
}

/** Words of the seed data, the docs and the app's source; camelCase split, lowercase, ASCII. */
function repositoryWords(): string[] {
  const files = [path.join(root, "README.md"), ...filesUnder(path.join(root, "seed")), ...filesUnder(path.join(root, "docs")), ...filesUnder(path.join(root, "app"))];
  const words = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, "utf8").replace(/([a-z])([A-Z])/g, "$1 $2");
    for (const word of text.toLowerCase().split(/[^a-z0-9]+/)) if (word.length > 0 && word.length <= 30) words.add(word);
  }
  return [...words].sort();
}

/** Endings each step of the stemmer looks at, to put on real words. */
const ENDINGS = ["s", "es", "ies", "ied", "ss", "sses", "us", "ed", "eed", "eedly", "edly", "ing", "ingly", "ly", "y", "ying", "ize", "izer", "ization", "ational", "tional", "ation", "ator", "alism", "aliti", "alli", "fulness", "ousli", "ousness", "iveness", "iviti", "biliti", "bli", "ogi", "fulli", "lessli", "li", "alize", "icate", "iciti", "ical", "ful", "ness", "ative", "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate", "iti", "ous", "ive", "ion", "sion", "tion", "e", "le", "ll"];

/** The bench's kinds of misspelling: letters swapped, dropped, doubled, changed. */
function misspellings(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < word.length; i += 2) {
    out.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
    out.push(word.slice(0, i) + word.slice(i + 1));
    out.push(word.slice(0, i) + word[i] + word.slice(i));
  }
  return out;
}

async function postgresStems(words: string[]): Promise<Map<string, string>> {
  const stems = new Map<string, string>();
  for (let i = 0; i < words.length; i += 20_000) {
    const rows = await database.db.$queryRawUnsafe<{ w: string; lexeme: string[] | null }[]>(
      "SELECT w, ts_lexize('english_stem', w) AS lexeme FROM unnest($1::text[]) AS w",
      words.slice(i, i + 20_000),
    );
    for (const row of rows) stems.set(row.w, row.lexeme?.[0] ?? "");
  }
  return stems;
}

function differences(words: string[], expected: Map<string, string>) {
  return words.filter((w) => englishStem(w) !== expected.get(w)).map((w) => ({ word: w, here: englishStem(w), postgres: expected.get(w) }));
}

describe("englishStem against PostgreSQL's english_stem", () => {
  it("stems the repository's vocabulary, with every ending the steps strip, as PostgreSQL does", async () => {
    const base = repositoryWords();
    expect(base.length).toBeGreaterThan(3000);
    const letters = base.filter((w) => /^[a-z]{3,14}$/.test(w));
    const words = [...new Set([...base, ...letters.flatMap((w) => ENDINGS.map((ending) => w + ending)), ...letters.flatMap((w) => ENDINGS.map((ending) => w.replace(/[aeiouy]$/, "") + ending))])];
    expect(words.length).toBeGreaterThan(100_000);
    const expected = await postgresStems(words);
    expect(differences(words, expected).slice(0, 20)).toEqual([]);
  });

  it("stems misspellings and word beginnings (what a search sends that no listing has) as PostgreSQL does", async () => {
    const letters = repositoryWords().filter((w) => /^[a-z]{5,14}$/.test(w));
    const words = [...new Set([...letters.flatMap(misspellings), ...letters.flatMap((w) => [w.slice(0, 3), w.slice(0, 4), w.slice(0, 5)])])];
    expect(words.length).toBeGreaterThan(20_000);
    const expected = await postgresStems(words);
    expect(differences(words, expected).slice(0, 20)).toEqual([]);
  });

  it("has exactly PostgreSQL's english stop words, and the awkward ones: y as a consonant, short words, digits, exceptions", async () => {
    const awkward = [
      ...ENGLISH_STOP_WORDS, "yes", "youth", "yearly", "saying", "sayings", "toy", "toys", "cry", "cries", "by", "ski", "skis", "skies", "dying", "lying",
      "tying", "idly", "gently", "ugly", "early", "only", "singly", "sky", "news", "howe", "atlas", "cosmos", "bias", "andes", "inning", "innings",
      "outing", "canning", "herring", "earring", "proceed", "proceeded", "exceed", "succeed", "generate", "generous", "generously", "communication",
      "community", "arsenal", "arsenic", "university", "past", "later", "emergency", "organisation", "organization", "im1", "s44", "2fa", "1990s",
      "ab", "abc", "a1b2c3", "ies", "ied", "sses", "eed", "ing", "ed", "yyy", "ayyy", "bye", "eye", "eyes", "aye", "ayes", "hopping", "hoping", "filing",
      "fizzed", "failing", "luxuriating", "succeeded", "feed", "agreed", "disagreed", "bled", "bleed", "consign", "consigned", "consigning", "kneel", "knell",
      "roll", "rolling", "controll", "controlled", "constructor", "prototype", "tostring", "e", "ee", "eee", "a".repeat(1000), "b".repeat(1001), `${"ing".repeat(400)}s`,
    ];
    const stops = await database.db.$queryRawUnsafe<{ n: number }[]>("SELECT count(*)::int AS n FROM unnest($1::text[]) AS w WHERE ts_lexize('english_stem', w) = '{}'", [...ENGLISH_STOP_WORDS]);
    expect(stops[0].n).toBe(ENGLISH_STOP_WORDS.size);
    const expected = await postgresStems(awkward);
    expect(differences(awkward, expected)).toEqual([]);
  });

  it("leaves accented and uppercase words to PostgreSQL", () => {
    expect(englishStem("santé")).toBeNull();
    expect(englishStem("échelle")).toBeNull();
    expect(englishStem("Records")).toBeNull();
    expect(englishStem("")).toBeNull();
  });
});

describe("the engine's stemming", () => {
  it("stems in the process, checks the words against PostgreSQL in the background, and takes PostgreSQL's lexeme where they differ", async () => {
    await ensureReferenceData(database.db);
    const { supplier } = await createSupplier(database.db, { name: "Stemming Supplier" });
    await createPublishedSolution(database.db, { supplierId: supplier.id, name: "Quillwort Records", overrides: { summary: "Electronic prescribing for dispensing practices." } });
    const { documents } = await projectListings(database.db);
    await createPostgresEngine(() => database.db).replaceAll(documents);

    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    // The engine's database, counting the statements that stem words.
    let stemStatements = 0;
    const db = new Proxy(database.db, {
      get(target, property) {
        if (property === "$queryRawUnsafe") {
          return (sql: string, ...values: unknown[]) => {
            if (sql.includes("ts_lexize")) stemStatements++;
            return target.$queryRawUnsafe(sql, ...values);
          };
        }
        const value = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    // A stemmer that gets one word wrong: the database's english_stem must win within the check.
    const engine = createPostgresEngine(() => db, { stem: (word) => (word === "prescribing" ? "prescribing" : englishStem(word)), stemCheckMs: 20 });
    const search = async (q: string) => {
      const parsed = parseSearchQuery(new URLSearchParams({ q }));
      if (!parsed.ok) throw new Error("bad query");
      return (await engine.search(parsed.query)).total;
    };
    try {
      await search("quillwort");
      stemStatements = 0;
      expect(await search("electronic prescribing")).toBe(0);
      expect(await search("electronic dispensing")).toBe(1);
      // Neither search asked the database for a stem: only the background check does, once.
      expect(stemStatements).toBe(0);
      await vi.waitFor(() => expect(warnings).toHaveBeenCalledWith(expect.stringContaining('"prescribing" was stemmed "prescribing" here but "prescrib" by PostgreSQL')), { timeout: 5_000 });
      expect(stemStatements).toBe(1);
      expect(await search("electronic prescribing")).toBe(1);
      // An accented word is the database's to stem, during the search.
      stemStatements = 0;
      await search("santé");
      expect(stemStatements).toBe(1);
    } finally {
      warnings.mockRestore();
    }
  });
});
