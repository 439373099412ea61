import { z } from "zod";
import { scopedById, scopedWhere } from "~/modules/access/scope.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { toCsv } from "~/modules/catalogue/compare";
import { formatListPrice } from "~/modules/catalogue/indicative-price";
import { hitView, type HitView } from "~/modules/catalogue/search.server";
import type { SearchDocument } from "~/services/search/document";
import { searchCatalogue } from "~/services/search/index.server";
import { projectListings } from "~/services/search/projection.server";
import { emptyQuery, parseSearchQuery, toSearchParams, MAX_PER_PAGE, type SearchQuery } from "~/services/search/query";
import type { Actor } from "~/utils/auth.server";
import type { Db, DbClient } from "~/utils/db.server";

/**
 * Shortlists: a buyer organisation's saved searches (at most 10). Reopening one runs the
 * search against today's catalogue and says what changed since it was saved: new results,
 * solutions withdrawn from the catalogue, and those whose assurance has lapsed.
 */
export const SHORTLIST_LIMIT = 10;
/** Results remembered at save time, to compare against later: more than anyone pages through. */
const REMEMBERED_RESULTS = 500;

const fields = { organisation: true } as const;

export const shortlistFormSchema = z.object({
  name: z
    .string({ error: "Enter a name for the shortlist" })
    .transform((v) => v.trim())
    .pipe(z.string().min(1, "Enter a name for the shortlist").max(80, "Shortlist name must be 80 characters or fewer")),
  search: z.string().max(4000, "The search to save is too long").default(""),
});

export type ShortlistError = { fieldId: string; message: string };

/** The stored search: its URL parameters; the demo seed's older shape ({ q, capabilityIds, frameworkIds }) is read too. */
export function queryFromStored(stored: unknown): SearchQuery {
  const value = (stored ?? {}) as Record<string, unknown>;
  const params = new URLSearchParams(typeof value.params === "string" ? value.params : "");
  if (typeof value.params !== "string") {
    if (typeof value.q === "string") params.set("q", value.q);
    for (const [from, to] of [["capabilityIds", "capability"], ["frameworkIds", "framework"]] as const) {
      if (Array.isArray(value[from])) for (const v of value[from] as unknown[]) if (typeof v === "string") params.append(to, v);
    }
  }
  const parsed = parseSearchQuery(params);
  return parsed.ok ? { ...parsed.query, page: 1, perPage: MAX_PER_PAGE } : emptyQuery({ perPage: MAX_PER_PAGE });
}

/** Every result id of a search (up to REMEMBERED_RESULTS), in result order. */
async function allResults(query: SearchQuery): Promise<SearchDocument[]> {
  const documents: SearchDocument[] = [];
  for (let page = 1; documents.length < REMEMBERED_RESULTS; page++) {
    const result = await searchCatalogue({ ...query, page, perPage: MAX_PER_PAGE });
    documents.push(...result.hits.map((h) => h.document));
    if (page >= result.totalPages) break;
  }
  return documents.slice(0, REMEMBERED_RESULTS);
}

export async function listShortlists(db: DbClient, actor: Actor) {
  const shortlists = await db.shortlist.findMany({
    where: scopedWhere(actor, "shortlist", "read", fields),
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    select: { id: true, name: true, query: true, createdAt: true, resultIdsAtSave: true, createdBy: { select: { name: true } } },
  });
  return shortlists.map((s) => ({
    id: s.id,
    name: s.name,
    createdAt: s.createdAt.toISOString(),
    createdBy: s.createdBy.name,
    resultsAtSave: s.resultIdsAtSave.length,
    search: toSearchParams(queryFromStored(s.query), { includePage: false }).toString(),
  }));
}

export async function createShortlist(
  db: Db,
  actor: Actor,
  input: { name: string; search: string },
): Promise<{ ok: true; id: string } | { ok: false; errors: ShortlistError[] }> {
  const parsed = parseSearchQuery(new URLSearchParams(input.search));
  if (!parsed.ok) return { ok: false, errors: [{ fieldId: "name", message: `The search cannot be saved: ${parsed.problems[0].message}` }] };
  const query = { ...parsed.query, page: 1 };
  const params = toSearchParams(query, { includePage: false }).toString();
  const results = await allResults(query);
  return db.$transaction(async (tx) => {
    // One organisation's saves queue here, so two at once cannot pass the limit together.
    await tx.$queryRaw`SELECT id FROM organisations WHERE id = ${actor.organisationId} FOR UPDATE`;
    const existing = await tx.shortlist.findMany({ where: scopedWhere(actor, "shortlist", "read", fields), select: { name: true } });
    if (existing.length >= SHORTLIST_LIMIT) {
      return { ok: false as const, errors: [{ fieldId: "name", message: `Your organisation already has ${SHORTLIST_LIMIT} shortlists, the most allowed. Delete one to save another` }] };
    }
    if (existing.some((s) => s.name.toLowerCase() === input.name.toLowerCase())) {
      return { ok: false as const, errors: [{ fieldId: "name", message: "Your organisation already has a shortlist with this name. Enter a different name" }] };
    }
    const shortlist = await tx.shortlist.create({
      data: { organisationId: actor.organisationId, createdById: actor.userId, name: input.name, query: { params }, resultIdsAtSave: results.map((d) => d.id) },
    });
    await recordAudit(tx, { actor, action: "shortlist.create", objectType: "Shortlist", objectId: shortlist.id, after: { name: shortlist.name, params, results: results.length } });
    return { ok: true as const, id: shortlist.id };
  });
}

export type ShortlistChange = { id: string; name: string; change: "new" | "withdrawn" | "lapsed" | "no-longer-matches" };

/** A saved shortlist against today's catalogue: current results and what changed since it was saved. */
export async function openShortlist(db: Db, actor: Actor, id: string) {
  const shortlist = await db.shortlist.findFirst({
    where: scopedById(actor, "shortlist", "read", fields, id),
    select: { id: true, name: true, query: true, resultIdsAtSave: true, createdAt: true, createdBy: { select: { name: true } } },
  });
  if (!shortlist) return null;
  const query = queryFromStored(shortlist.query);
  const current = await allResults(query);
  const currentIds = new Set(current.map((d) => d.id));
  const saved = new Set(shortlist.resultIdsAtSave);
  const gone = shortlist.resultIdsAtSave.filter((savedId) => !currentIds.has(savedId));
  const { documents: stillListed } = await projectListings(db, gone);
  const listed = new Map(stillListed.map((d) => [d.id, d]));
  const names = new Map((await db.catalogueItem.findMany({ where: { id: { in: gone } }, select: { id: true, name: true } })).map((i) => [i.id, i.name]));

  const changes: ShortlistChange[] = [
    ...current.filter((d) => !saved.has(d.id)).map((d) => ({ id: d.id, name: d.name, change: "new" as const })),
    ...current.filter((d) => saved.has(d.id) && d.assurance !== "assured").map((d) => ({ id: d.id, name: d.name, change: "lapsed" as const })),
    ...gone.map((goneId) => {
      const document = listed.get(goneId);
      const change = !document ? ("withdrawn" as const) : document.assurance !== "assured" ? ("lapsed" as const) : ("no-longer-matches" as const);
      return { id: goneId, name: document?.name ?? names.get(goneId) ?? goneId, change };
    }),
  ];
  return {
    id: shortlist.id,
    name: shortlist.name,
    createdAt: shortlist.createdAt.toISOString(),
    createdBy: shortlist.createdBy.name,
    search: toSearchParams({ ...query, perPage: 20 }, { includePage: false }).toString(),
    query,
    results: current.map((d) => hitView(d)),
    newIds: current.filter((d) => !saved.has(d.id)).map((d) => d.id),
    changes,
  };
}

export async function deleteShortlist(db: Db, actor: Actor, id: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const shortlist = await tx.shortlist.findFirst({ where: scopedById(actor, "shortlist", "delete", fields, id), select: { id: true, name: true } });
    if (!shortlist) return false;
    await tx.shortlist.delete({ where: { id: shortlist.id } });
    await recordAudit(tx, { actor, action: "shortlist.delete", objectType: "Shortlist", objectId: shortlist.id, before: { name: shortlist.name } });
    return true;
  });
}

export function shortlistCsv(results: HitView[], newIds: string[]): string {
  const fresh = new Set(newIds);
  return toCsv([
    ["Solution ID", "Name", "Supplier", "Capabilities", "Frameworks", "Assurance", "From price", "New since saved"],
    ...results.map((r) => [
      r.id,
      r.name,
      r.supplierName,
      r.capabilityIds.join(" "),
      r.frameworks.map((f) => f.shortName).join("; "),
      r.publicationStatus === "IN_REMEDIATION" ? "In remediation" : r.assurance,
      r.fromPrice ? `${formatListPrice(r.fromPrice.amount)} ${r.fromPrice.unitDescription}` : "",
      fresh.has(r.id) ? "Yes" : "No",
    ]),
  ]);
}
