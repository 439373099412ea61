import { beforeAll, describe, expect, it } from "vitest";
import { createPublishedSolution, createSupplier, ensureReferenceData } from "../../../seed/factories";
import { useTestDatabase } from "~/test/database";
import { createPostgresEngine } from "./postgres-engine.server";
import { SearchReplica, type ReplicaView } from "./postgres-replica.server";
import { projectListings } from "./projection.server";
import { HIGHLIGHT_END, HIGHLIGHT_START, segmentsFromMarked } from "./document";
import { highlightSegments, type HighlightToken } from "./text-index";
import { buildTextQuery, SYNONYM_WORDS, synonymGroupsAsStems, tokenise, tsQueryText, type TextQuery } from "./text-query";

/**
 * The in-memory text search must compute exactly what PostgreSQL computed: the same matches
 * (`@@`, `<%`), the same ranks to the last bit (ts_rank + word_similarity * 0.1, so order and
 * ties are unchanged) and the same highlights as ts_headline, on listings written to be awkward
 * (hyphens, apostrophes, numbers, addresses, accents, repeated and stop words) and searches of
 * every kind the query builder makes (prefixes, typos, phrases, synonyms, several words).
 */
const database = useTestDatabase();
let view: ReplicaView;

const NAMES = [
  "Aphelion e-Referral Hub",
  "Borealis GP Connect Records",
  "Cirrus Video Consult",
  "Dermot's Repeat Prescribing",
  "Échelle Santé Appointments",
  "Foxglove 2-Way SMS",
  "Garnet Online Consultation Online",
  "Heron IM1 Bulk Extract",
  "Iris Records Records Records",
  "Juniper NHS App Messaging",
  "Kestrel the Appointment Book",
  "Larch v2.1 Reporting",
  "Aphelion Health Analytics",
  "Aphelon Clinical",
  "Prescribing Plus",
  "Prescription Services Online",
];
const SUMMARIES = [
  "Electronic prescribing with the Electronic Prescription Service (EPS) for practices.",
  "Video consultation between clinicians and patients, from any device: https://example.org/help or help@example.org.",
  "Online consultation and triage; the patient's request reaches the right clinician.",
  "Appointments, referrals and records in one patient record, for GP practices and ICBs.",
  "Text message reminders (SMS) cut missed appointments by 30% in 2025.",
  "Réunions, santé et rendez-vous: accents and non-English words.",
  "Reporting dashboards for practice managers, and reporting for commissioners.",
  "Bulk extracts through IM1 and the interface mechanism, nightly.",
];
const FEATURES = [
  ["Online consultation", "Electronic prescribing"],
  ["Self check-in", "Call-back requests", "GP-to-GP record transfer"],
  ["Appointment booking", "Waiting list", "E-referral to secondary care"],
  [],
];

const QUERIES = [
  "prescribing",
  "prescrib",
  "prescibing",
  "presciption",
  "pr",
  "video consultation",
  "video consult",
  "online consultation",
  "gp connect",
  "gpconnect",
  "e-referral",
  "referral",
  "records",
  "records records",
  "appointment book",
  '"appointment book"',
  '"online consultation"',
  "the",
  "aphelon",
  "aphelion",
  "aphelion health",
  "dermot's",
  "sms reminders",
  "text message",
  "santé",
  "sante",
  "2025",
  "v2",
  "im1 bulk",
  "interface mechanism",
  "reporting practice managers",
  "nhs app",
  "clinician patient",
  "extract",
  "help",
  "example org",
];

beforeAll(async () => {
  await ensureReferenceData(database.db);
  const { supplier } = await createSupplier(database.db, { name: "Parity Supplier" });
  let i = 0;
  for (const name of NAMES) {
    for (const variant of [0, 1, 2]) {
      await createPublishedSolution(database.db, {
        supplierId: supplier.id,
        name: variant === 0 ? name : `${name} ${["Lite", "Pro"][variant - 1]}`,
        overrides: { summary: SUMMARIES[(i + variant) % SUMMARIES.length], features: FEATURES[(i + variant) % FEATURES.length] },
      });
    }
    i++;
  }
  const { documents } = await projectListings(database.db);
  await createPostgresEngine(() => database.db).replaceAll(documents);
  view = await new SearchReplica(() => database.db).forSearch();
}, 120_000);

async function textQueryOf(q: string): Promise<TextQuery | null> {
  const tokens = tokenise(q);
  const words = [...new Set([...tokens.map((t) => t.word), ...SYNONYM_WORDS])];
  const rows = await database.db.$queryRawUnsafe<{ w: string; lexeme: string[] | null }[]>(
    "SELECT w, ts_lexize('english_stem', w) AS lexeme FROM unnest($1::text[]) AS w",
    words,
  );
  const stems = new Map(rows.map((r) => [r.w, r.lexeme?.[0] ?? ""]));
  const stemOf = (word: string) => stems.get(word) ?? word;
  return buildTextQuery(tokens, tokens.map((t) => stemOf(t.word)), view.text.words(), synonymGroupsAsStems(stemOf));
}

describe("in-memory text search against PostgreSQL", () => {
  it("builds its lexicon from the index's own words, as ts_stat lists them", async () => {
    const rows = await database.db.$queryRawUnsafe<{ word: string }[]>("SELECT word FROM ts_stat('SELECT search_vector FROM search_documents')");
    expect([...view.text.words().words].sort()).toEqual(rows.map((r) => r.word).sort());
  });

  it.each(QUERIES)("matches and ranks %j exactly as @@, <%, ts_rank and word_similarity do", async (q) => {
    const query = await textQueryOf(q);
    if (!query) {
      expect(tokenise(q).length).toBeGreaterThan(0);
      return;
    }
    const tsQuery = tsQueryText(query);
    const oneWord = tokenise(q).length === 1 && !q.includes('"');
    const expected = await database.db.$queryRawUnsafe<{ id: string; rank: number }[]>(
      `SELECT catalogue_item_id AS id, (ts_rank(search_vector, $1::tsquery) + word_similarity($2, title) * 0.1)::float8 AS rank
       FROM search_documents WHERE search_vector @@ $1::tsquery OR ($3 AND $2 <% title) ORDER BY 1`,
      tsQuery,
      q,
      oneWord,
    );
    const matches = view.text.match(query, q, { titleSimilarity: oneWord });
    const actual = Array.from(matches.slots, (slot, i) => ({ id: view.text.idOf(slot), rank: matches.rank(i) })).sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(actual).toEqual(expected);
    // The bounds a page's ranking relies on hold for every match.
    const outside = Array.from(matches.slots, (_, i) => i).filter((i) => !(matches.ranks[i] <= matches.rank(i) && matches.rank(i) <= (matches.upper?.[i] ?? matches.ranks[i])));
    expect(outside).toEqual([]);
  });

  it.each(QUERIES)("highlights %j as ts_headline does", async (q) => {
    const query = await textQueryOf(q);
    if (!query) return;
    const options = `HighlightAll=true, StartSel="${HIGHLIGHT_START}", StopSel="${HIGHLIGHT_END}"`;
    const rows = await database.db.$queryRawUnsafe<{ name: string; summary: string; name_marked: string; summary_marked: string; tokens: Record<"name" | "summary", HighlightToken[]> }[]>(
      `SELECT document->>'name' AS name, document->>'summary' AS summary, highlight_tokens AS tokens,
         ts_headline('english', document->>'name', $1::tsquery, $2) AS name_marked,
         ts_headline('english', document->>'summary', $1::tsquery, $2) AS summary_marked
       FROM search_documents ORDER BY catalogue_item_id`,
      tsQueryText(query),
      options,
    );
    const terms = query.flatMap((clause) => clause.alternatives.flat());
    for (const row of rows) {
      expect(highlightSegments(row.name, row.tokens.name, terms)).toEqual(segmentsFromMarked(row.name_marked));
      expect(highlightSegments(row.summary, row.tokens.summary, terms)).toEqual(segmentsFromMarked(row.summary_marked));
    }
  });
});
