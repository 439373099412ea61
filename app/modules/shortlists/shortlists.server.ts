import { z } from "zod";
import { scopedById, scopedWhere } from "~/modules/access/scope.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { toCsv } from "~/modules/catalogue/compare";
import { formatListPrice } from "~/modules/catalogue/indicative-price";
import { hitView, type HitView } from "~/modules/catalogue/search.server";
import { ASSURANCE_LABELS, type ListingAssurance, type SearchDocument } from "~/services/search/document";
import { searchCatalogue } from "~/services/search/index.server";
import { projectListings } from "~/services/search/projection.server";
import { emptyQuery, parseSearchQuery, toSearchParams, MAX_PER_PAGE, type SearchQuery } from "~/services/search/query";
import type { DateOnly } from "~/modules/dates";
import type { Actor } from "~/utils/auth.server";
import type { Db, DbClient } from "~/utils/db.server";

/**
 * Shortlists: a buyer organisation's saved searches (at most 10). Each remembers every
 * result's state (name, assurance as the orderability rule gives it, from-price) when it was
 * saved, or when its changes were last marked as seen. Reopening one runs the search against
 * today's catalogue and reports only real changes since then: new results, solutions
 * withdrawn from the catalogue, those whose assurance lapsed, those assured again, price
 * changes, and those that no longer match the search.
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

/** What a shortlist remembers of each result, to tell real changes from old news. */
export type SeenState = { id: string; name: string; assurance: ListingAssurance; price: string | null };

/** "£1.25 per patient per year", the from-price as buyers read it, or null without one. */
function priceOf(document: SearchDocument): string | null {
  const from = document.fromPrice;
  if (!from) return null;
  const period = from.billingPeriod === "MONTHLY" ? " per month" : from.billingPeriod === "YEARLY" ? " per year" : "";
  return `${formatListPrice(from.amount)} ${from.unitDescription}${period}`;
}

export const seenStateOf = (document: SearchDocument): SeenState => ({ id: document.id, name: document.name, assurance: document.assurance, price: priceOf(document) });

/** The stored states; rows saved before states were kept have none (their ids alone are known). */
function storedStates(value: unknown): Map<string, SeenState> {
  const states = Array.isArray(value) ? (value as SeenState[]).filter((s) => typeof s?.id === "string") : [];
  return new Map(states.map((s) => [s.id, s]));
}

/** Today's states of some solutions that are in the catalogue (whatever the search), by id. */
export async function currentStates(db: DbClient, ids: string[], today?: DateOnly): Promise<Map<string, SeenState>> {
  const { documents } = await projectListings(db, ids, today);
  return new Map(documents.map((d) => [d.id, seenStateOf(d)]));
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
      data: {
        organisationId: actor.organisationId,
        createdById: actor.userId,
        name: input.name,
        query: { params },
        resultIdsAtSave: results.map((d) => d.id),
        seenStates: results.map(seenStateOf),
        seenAt: new Date(),
      },
    });
    await recordAudit(tx, { actor, action: "shortlist.create", objectType: "Shortlist", objectId: shortlist.id, after: { name: shortlist.name, params, results: results.length } });
    return { ok: true as const, id: shortlist.id };
  });
}

export type ShortlistChangeKind = "new" | "withdrawn" | "lapsed" | "assured-again" | "price-changed" | "no-longer-matches";
export type ShortlistChange = { id: string; name: string; change: ShortlistChangeKind; detail?: string };

/**
 * What really changed between the states remembered and today's, for the results then and
 * now. A solution already lapsed when remembered is not reported as lapsing again; one that
 * was lapsed and is assured again is. Pure.
 */
export function shortlistChanges(
  remembered: { ids: string[]; states: Map<string, SeenState> },
  current: SeenState[],
  listedNow: Map<string, SeenState>,
  names: Map<string, string> = new Map(),
): ShortlistChange[] {
  const currentIds = new Set(current.map((s) => s.id));
  const rememberedIds = new Set(remembered.ids);
  const changes: ShortlistChange[] = [];
  const compare = (before: SeenState | undefined, now: SeenState) => {
    if (!before) return;
    if (before.assurance === "assured" && now.assurance !== "assured") changes.push({ id: now.id, name: now.name, change: "lapsed", detail: ASSURANCE_LABELS[now.assurance] });
    else if (before.assurance !== "assured" && now.assurance === "assured") changes.push({ id: now.id, name: now.name, change: "assured-again" });
    if (before.price !== now.price && now.price !== null) changes.push({ id: now.id, name: now.name, change: "price-changed", detail: `${before.price ?? "No price"} to ${now.price}` });
  };
  for (const now of current) {
    if (!rememberedIds.has(now.id)) changes.push({ id: now.id, name: now.name, change: "new" });
    else compare(remembered.states.get(now.id), now);
  }
  for (const id of remembered.ids) {
    if (currentIds.has(id)) continue;
    const now = listedNow.get(id);
    const before = remembered.states.get(id);
    if (!now) {
      changes.push({ id, name: before?.name ?? names.get(id) ?? id, change: "withdrawn" });
      continue;
    }
    const lapsedOut = (before?.assurance ?? "assured") === "assured" && now.assurance !== "assured";
    // Out of an "assured only" search because it lapsed: that is the change, not the search.
    if (lapsedOut) changes.push({ id, name: now.name, change: "lapsed", detail: ASSURANCE_LABELS[now.assurance] });
    else {
      changes.push({ id, name: now.name, change: "no-longer-matches" });
      compare(before, now);
    }
  }
  return changes;
}

/** A saved shortlist against today's catalogue: current results and what really changed since its states were remembered. */
export async function openShortlist(db: Db, actor: Actor, id: string) {
  const shortlist = await db.shortlist.findFirst({
    where: scopedById(actor, "shortlist", "read", fields, id),
    select: { id: true, name: true, query: true, resultIdsAtSave: true, seenStates: true, seenAt: true, createdAt: true, createdBy: { select: { name: true } } },
  });
  if (!shortlist) return null;
  const query = queryFromStored(shortlist.query);
  const current = await allResults(query);
  const currentIds = new Set(current.map((d) => d.id));
  const states = storedStates(shortlist.seenStates);
  const rememberedIds = states.size > 0 ? [...states.keys()] : shortlist.resultIdsAtSave;
  const gone = rememberedIds.filter((savedId) => !currentIds.has(savedId));
  const listedNow = await currentStates(db, gone);
  const names = new Map((await db.catalogueItem.findMany({ where: { id: { in: gone } }, select: { id: true, name: true } })).map((i) => [i.id, i.name]));
  const changes = shortlistChanges({ ids: rememberedIds, states }, current.map(seenStateOf), listedNow, names);
  const remembered = new Set(rememberedIds);
  return {
    id: shortlist.id,
    name: shortlist.name,
    createdAt: shortlist.createdAt.toISOString(),
    createdBy: shortlist.createdBy.name,
    /** When its states were last remembered: saving, or marking changes as seen. */
    seenAt: (shortlist.seenAt ?? shortlist.createdAt).toISOString(),
    markedSeen: shortlist.seenAt !== null && shortlist.seenAt.getTime() - shortlist.createdAt.getTime() > 1000,
    search: toSearchParams({ ...query, perPage: 20 }, { includePage: false }).toString(),
    query,
    results: current.map((d) => hitView(d)),
    newIds: current.filter((d) => !remembered.has(d.id)).map((d) => d.id),
    changes,
  };
}

/**
 * "Mark these changes as seen": the shortlist remembers today's results and their states, so
 * the next visit reports only what changes after now.
 */
export async function markShortlistSeen(db: Db, actor: Actor, id: string): Promise<boolean> {
  const shortlist = await db.shortlist.findFirst({ where: scopedById(actor, "shortlist", "read", fields, id), select: { id: true, query: true } });
  if (!shortlist) return false;
  const results = await allResults(queryFromStored(shortlist.query));
  await db.$transaction(async (tx) => {
    await tx.shortlist.update({ where: { id: shortlist.id }, data: { seenStates: results.map(seenStateOf), seenAt: new Date() } });
    await recordAudit(tx, { actor, action: "shortlist.markSeen", objectType: "Shortlist", objectId: shortlist.id, after: { results: results.length } });
  });
  return true;
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
