/**
 * PostgreSQL's `english_stem` dictionary in this process: its stop words, then the Snowball
 * English (Porter2) stemmer, so `ts_lexize('english_stem', word)` is answered here. Why: the
 * engine stems every word of a search it has not seen before, and a misspelt or half-typed word
 * is nearly always new; asking PostgreSQL cost each such search a round trip (and the driver's
 * CPU), and behind 20 others waiting for the CPU that round trip doubled its time
 * (`npm run bench -- search`, 4 Dec 2026: at 1,000 solutions, 611 → 868 uncached searches a
 * second, p95 60 → 39 ms, with no word sent to PostgreSQL).
 *
 * It takes lowercase words of ASCII letters and digits (what `tokenise` gives, but for accented
 * words, which stay PostgreSQL's: the stemmer counts UTF-8 characters and the database
 * lowercases them by its own rules). `english-stem.server.test.ts` checks it against
 * PostgreSQL's own answers for thousands of words, and the engine keeps checking the words it
 * stemmed here in the background (postgres-engine.server.ts). Pure.
 *
 * The steps follow english.sbl of Snowball (the version PostgreSQL 17 ships), named as there:
 * R1 and R2 are the regions after the first and second vowel–consonant pair; `among` takes the
 * longest listed suffix and, if its condition fails, does nothing (no shorter suffix is tried).
 */

/** PostgreSQL's tsearch_data/english.stop: ts_lexize gives no lexeme (`{}`) for these. */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it its itself " +
    "they them their theirs themselves what which who whom this that these those am is are was were be been being have has had having " +
    "do does did doing a an the and but if or because as until while of at by for with about against between into through during " +
    "before after above below to from up down in out on off over under again further then once here there when where why how all any " +
    "both each few more most other some such no nor not only own same so than too very s t can will just don should now"
  ).split(" "),
);

/** Words the stemmer here takes: lowercase ASCII letters and digits. */
const STEMMABLE = /^[a-z0-9]+$/;

/** dict_snowball passes no word over 1,000 bytes to the stemmer: it is returned as it is. */
const LONGEST_STEMMED = 1000;

/**
 * `ts_lexize('english_stem', word)`: the lexeme, "" for a stop word, or null for a word this
 * does not take (not lowercase ASCII letters and digits), which PostgreSQL must stem.
 */
export function englishStem(word: string): string | null {
  if (!STEMMABLE.test(word)) return null;
  if (word.length > LONGEST_STEMMED) return word;
  if (ENGLISH_STOP_WORDS.has(word)) return "";
  return porter2(word);
}

/** exception1: whole words with their own stems (a Map: a word such as "constructor" must not find Object's). */
const EXCEPTIONS = new Map<string, string>(Object.entries({
  skis: "ski",
  skies: "sky",
  dying: "die",
  lying: "lie",
  tying: "tie",
  idly: "idl",
  gently: "gentl",
  ugly: "ugli",
  early: "earli",
  only: "onli",
  singly: "singl",
  sky: "sky",
  news: "news",
  howe: "howe",
  atlas: "atlas",
  cosmos: "cosmos",
  bias: "bias",
  andes: "andes",
}));
/** Left as Step 1a leaves them (exception2). */
const AFTER_STEP_1A = new Set(["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"]);
const REGION_PREFIXES = ["gener", "commun", "arsen"];

const STEP_2: [suffix: string, replacement: string | null, before?: (stem: string) => boolean][] = [
  ["tional", "tion"],
  ["enci", "ence"],
  ["anci", "ance"],
  ["abli", "able"],
  ["entli", "ent"],
  ["izer", "ize"],
  ["ization", "ize"],
  ["ational", "ate"],
  ["ation", "ate"],
  ["ator", "ate"],
  ["alism", "al"],
  ["aliti", "al"],
  ["alli", "al"],
  ["fulness", "ful"],
  ["ousli", "ous"],
  ["ousness", "ous"],
  ["iveness", "ive"],
  ["iviti", "ive"],
  ["biliti", "ble"],
  ["bli", "ble"],
  ["ogi", "og", (stem) => stem.endsWith("l")],
  ["fulli", "ful"],
  ["lessli", "less"],
  ["li", "", (stem) => "cdeghkmnrt".includes(stem[stem.length - 1] ?? " ")],
];
const STEP_3: [suffix: string, replacement: string, inR2?: boolean][] = [
  ["tional", "tion"],
  ["ational", "ate"],
  ["alize", "al"],
  ["icate", "ic"],
  ["iciti", "ic"],
  ["ical", "ic"],
  ["ful", ""],
  ["ness", ""],
  ["ative", "", true],
];
const STEP_4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion"];

/** Longest first, so the first suffix found is `among`'s. */
const longestFirst = <T>(list: T[], suffixOf: (item: T) => string): T[] => [...list].sort((a, b) => suffixOf(b).length - suffixOf(a).length);
const STEP_2_LONGEST = longestFirst(STEP_2, ([suffix]) => suffix);
const STEP_3_LONGEST = longestFirst(STEP_3, ([suffix]) => suffix);
const STEP_4_LONGEST = longestFirst(STEP_4, (suffix) => suffix);

/** Snowball's `v`; a 'Y' (a y marked as a consonant) is not one. */
const isVowel = (c: string | undefined) => c === "a" || c === "e" || c === "i" || c === "o" || c === "u" || c === "y";

/** A short syllable ending at `end` (exclusive): consonant (not w, x or Y), vowel, consonant; or vowel, consonant at the start. */
function shortSyllableAt(word: string, end: number): boolean {
  const last = word[end - 1];
  const vowel = word[end - 2];
  if (last === undefined || isVowel(last) || !isVowel(vowel)) return false;
  if (end === 2) return true;
  const first = word[end - 3];
  return last !== "w" && last !== "x" && last !== "Y" && !isVowel(first);
}

/** The end of the first consonant after a vowel, from `from`; the word's length when there is none. */
function regionAfter(word: string, from: number): number {
  let i = from;
  while (i < word.length && !isVowel(word[i])) i++;
  while (i < word.length && isVowel(word[i])) i++;
  return i < word.length ? i + 1 : word.length;
}

function porter2(input: string): string {
  const exception = EXCEPTIONS.get(input);
  if (exception !== undefined) return exception;
  if (input.length < 3) return input;

  // Prelude: a y at the start, or after a vowel, is a consonant (Y).
  let word = input[0] === "y" ? `Y${input.slice(1)}` : input;
  for (let i = 1; i < word.length; i++) if (word[i] === "y" && isVowel(word[i - 1])) word = `${word.slice(0, i)}Y${word.slice(i + 1)}`;

  const prefix = REGION_PREFIXES.find((p) => word.startsWith(p));
  const p1 = prefix ? prefix.length : regionAfter(word, 0);
  const p2 = regionAfter(word, p1);
  const inR1 = (at: number) => at >= p1;
  const inR2 = (at: number) => at >= p2;
  const ends = (suffix: string) => word.endsWith(suffix);
  const hasVowel = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (isVowel(word[i])) return true;
    return false;
  };

  // Step 1a.
  if (ends("sses")) word = `${word.slice(0, -4)}ss`;
  else if (ends("ied") || ends("ies")) word = word.length > 4 ? `${word.slice(0, -3)}i` : `${word.slice(0, -3)}ie`;
  else if (ends("us") || ends("ss")) {
    // Listed, with nothing to do.
  } else if (ends("s") && hasVowel(0, word.length - 2)) word = word.slice(0, -1);

  if (!AFTER_STEP_1A.has(word)) {
    // Step 1b.
    const eed = ["eedly", "eed"].find(ends);
    const ed = eed ? undefined : ["ingly", "edly", "ing", "ed"].find(ends);
    if (eed) {
      if (inR1(word.length - eed.length)) word = `${word.slice(0, -eed.length)}ee`;
    } else if (ed && hasVowel(0, word.length - ed.length)) {
      word = word.slice(0, -ed.length);
      if (ends("at") || ends("bl") || ends("iz")) word += "e";
      else if (["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"].some(ends)) word = word.slice(0, -1);
      else if (word.length === p1 && shortSyllableAt(word, word.length)) word += "e";
    }

    // Step 1c: a final y or Y after a consonant that is not the first letter.
    const last = word[word.length - 1];
    if ((last === "y" || last === "Y") && word.length > 2 && !isVowel(word[word.length - 2])) word = `${word.slice(0, -1)}i`;

    // Step 2.
    const step2 = STEP_2_LONGEST.find(([suffix]) => ends(suffix));
    if (step2 && inR1(word.length - step2[0].length)) {
      const [suffix, replacement, before] = step2;
      const stem = word.slice(0, -suffix.length);
      if (!before || before(stem)) word = stem + replacement;
    }

    // Step 3.
    const step3 = STEP_3_LONGEST.find(([suffix]) => ends(suffix));
    if (step3 && inR1(word.length - step3[0].length)) {
      const [suffix, replacement, needsR2] = step3;
      if (!needsR2 || inR2(word.length - suffix.length)) word = word.slice(0, -suffix.length) + replacement;
    }

    // Step 4.
    const step4 = STEP_4_LONGEST.find(ends);
    if (step4 && inR2(word.length - step4.length)) {
      const stem = word.slice(0, -step4.length);
      if (step4 !== "ion" || stem.endsWith("s") || stem.endsWith("t")) word = stem;
    }

    // Step 5.
    if (ends("e")) {
      const at = word.length - 1;
      if (inR2(at) || (inR1(at) && !shortSyllableAt(word, at))) word = word.slice(0, -1);
    } else if (ends("l")) {
      if (inR2(word.length - 1) && word[word.length - 2] === "l") word = word.slice(0, -1);
    }
  }
  return word.replace(/Y/g, "y");
}
