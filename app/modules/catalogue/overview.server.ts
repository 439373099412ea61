import { searchIndexVersion } from "~/services/search/index.server";
import type { Db } from "~/utils/db.server";
import { FOUNDATION_CAPABILITY_IDS, PASSED_CAPABILITY_RESULTS } from "./foundation";

/** Listings a buyer may see: published, or in remediation (shown with a warning). Never suspended. */
export const VISIBLE_TO_BUYERS = ["PUBLISHED", "IN_REMEDIATION"] as const;

/** The public home page: what is in the catalogue today, by capability category. */
export async function catalogueOverview(db: Db) {
  const visibleSolution = { kind: "SOLUTION" as const, publicationStatus: { in: [...VISIBLE_TO_BUYERS] } };
  const [solutions, suppliers, frameworks, categories, recent, foundationCount] = await Promise.all([
    db.catalogueItem.count({ where: visibleSolution }),
    db.supplier.count({ where: { isActive: true, catalogueItems: { some: visibleSolution } } }),
    db.framework.findMany({ where: { status: { in: ["LIVE", "EXPIRED"] } }, orderBy: { name: "asc" }, select: { id: true, shortName: true, status: true } }),
    db.capabilityCategory.findMany({
      orderBy: { name: "asc" },
      select: {
        id: true,
        name: true,
        capabilities: {
          where: { status: "ACTIVE" },
          orderBy: { number: "asc" },
          select: {
            id: true,
            name: true,
            _count: { select: { solutions: { where: { assessmentResult: { not: "FAILED" }, catalogueItem: visibleSolution } } } },
          },
        },
      },
    }),
    db.catalogueItem.findMany({
      where: visibleSolution,
      orderBy: [{ publishedAt: "desc" }, { id: "asc" }],
      take: 6,
      select: { id: true, name: true, summary: true, publicationStatus: true, supplier: { select: { name: true } } },
    }),
    foundationSolutionCount(db),
  ]);
  return { solutions, suppliers, frameworks, categories, recent, foundationCount };
}

export type CatalogueOverview = Awaited<ReturnType<typeof catalogueOverview>>;

/** Reference data (frameworks, capabilities and their categories) is re-read at least this often. */
const OVERVIEW_MAX_AGE_MS = 60_000;
const overviews = new WeakMap<Db, { cached: { version: string | null; at: number; value: CatalogueOverview } | null; working: Promise<CatalogueOverview> | null }>();

/**
 * The home page's figures, kept until the search index changes (every change to a listing
 * buyers can see moves its version, whichever process made it) or for a minute at most (a new
 * capability or a framework's status moves no listing). The figures count the whole catalogue
 * (four queries, seconds at 30,000 solutions), so requests are answered with the last figures
 * while the next are worked out, one working at a time; only the very first request waits.
 */
export async function cachedCatalogueOverview(db: Db): Promise<CatalogueOverview> {
  let state = overviews.get(db);
  if (!state) overviews.set(db, (state = { cached: null, working: null }));
  const version = await searchIndexVersion().catch(() => null);
  const { cached } = state;
  if (cached && version !== null && cached.version === version && Date.now() - cached.at < OVERVIEW_MAX_AGE_MS) return cached.value;
  const current = state;
  const working = (current.working ??= catalogueOverview(db)
    .then((value) => {
      current.cached = { version, at: Date.now(), value };
      return value;
    })
    .finally(() => {
      current.working = null;
    }));
  if (!cached) return working;
  // A failure is tried again by the next request; meanwhile the last figures stand.
  working.catch(() => {});
  return cached.value;
}

/** Solutions meeting the foundation rule of ./foundation.ts (all six, each passed in full or in part), counted in SQL. */
async function foundationSolutionCount(db: Db) {
  const ids = [...FOUNDATION_CAPABILITY_IDS];
  const [row] = await db.$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS count FROM (
      SELECT sc.catalogue_item_id
      FROM solution_capabilities sc
      JOIN catalogue_items ci ON ci.id = sc.catalogue_item_id
      WHERE sc.capability_id = ANY(${ids}::text[]) AND sc.assessment_result::text = ANY(${[...PASSED_CAPABILITY_RESULTS]}::text[])
        AND ci.kind = 'SOLUTION' AND ci.publication_status IN ('PUBLISHED', 'IN_REMEDIATION')
      GROUP BY sc.catalogue_item_id
      HAVING count(DISTINCT sc.capability_id) = ${ids.length}
    ) AS foundation`;
  return Number(row?.count ?? 0);
}
