import type { DbClient } from "~/utils/db.server";

/**
 * The catalogue's reference data as plain lookups (frameworks, capabilities and their epics,
 * standards, integration types): small tables that the search page, solution pages,
 * comparisons and the open API all label things with. Kept for a minute per process, as it
 * changes only when commercial staff edit a framework.
 */
export type CatalogueReference = {
  frameworks: { id: string; name: string; shortName: string; status: string; expired: boolean }[];
  capabilities: { id: string; number: number; name: string; description: string; category: string; isFoundation: boolean; expired: boolean }[];
  epics: { id: string; capabilityId: string; name: string; level: string; expired: boolean }[];
  standards: { id: string; name: string; kind: string; description: string | null; url: string | null; isOverarching: boolean; expiresOnCycle: boolean; warningWindowDays: number }[];
  integrationTypes: { id: string; group: string; name: string; standardId: string | null }[];
};

const MAX_AGE_MS = 60_000;
const globalForReference = globalThis as unknown as { catalogueReference?: { at: number; value: Promise<CatalogueReference> } };

export function catalogueReference(db: DbClient): Promise<CatalogueReference> {
  const cached = globalForReference.catalogueReference;
  if (cached && Date.now() - cached.at < MAX_AGE_MS) return cached.value;
  const value = loadReference(db);
  globalForReference.catalogueReference = { at: Date.now(), value };
  value.catch(() => (globalForReference.catalogueReference = undefined));
  return value;
}

async function loadReference(db: DbClient): Promise<CatalogueReference> {
  const [frameworks, capabilities, epics, standards, integrationTypes] = await Promise.all([
    db.framework.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, shortName: true, status: true } }),
    db.capability.findMany({ orderBy: { number: "asc" }, select: { id: true, number: true, name: true, description: true, isFoundation: true, status: true, category: { select: { name: true } } } }),
    db.epic.findMany({ orderBy: { id: "asc" }, select: { id: true, capabilityId: true, name: true, level: true, status: true } }),
    db.standard.findMany({ select: { id: true, name: true, kind: true, description: true, url: true, isOverarching: true, expiresOnCycle: true, warningWindowDays: true } }),
    db.integrationType.findMany({ orderBy: { name: "asc" }, select: { id: true, group: true, name: true, standardId: true } }),
  ]);
  const standardOrder = (id: string) => (/^S\d+$/.test(id) ? Number(id.slice(1)) : 1000);
  return {
    frameworks: frameworks.map((f) => ({ ...f, expired: f.status === "EXPIRED" })),
    capabilities: capabilities.map((c) => ({
      id: c.id,
      number: c.number,
      name: c.name,
      description: c.description,
      category: c.category.name,
      isFoundation: c.isFoundation,
      expired: c.status === "EXPIRED",
    })),
    epics: epics
      .map((e) => ({ id: e.id, capabilityId: e.capabilityId, name: e.name, level: e.level, expired: e.status === "EXPIRED" }))
      .sort((a, b) => a.id.localeCompare(b.id, "en", { numeric: true })),
    standards: [...standards].sort((a, b) => standardOrder(a.id) - standardOrder(b.id) || a.id.localeCompare(b.id)),
    integrationTypes,
  };
}

const globalForSuppliers = globalThis as unknown as { catalogueSupplierNames?: { at: number; value: Promise<Map<string, string>> } };

/** Every supplier's name by id (as a string, the facet value), for labelling the supplier facet. */
export function supplierNames(db: DbClient): Promise<Map<string, string>> {
  const cached = globalForSuppliers.catalogueSupplierNames;
  if (cached && Date.now() - cached.at < MAX_AGE_MS) return cached.value;
  const value = db.supplier.findMany({ select: { id: true, name: true } }).then((rows) => new Map(rows.map((s) => [String(s.id), s.name])));
  globalForSuppliers.catalogueSupplierNames = { at: Date.now(), value };
  value.catch(() => (globalForSuppliers.catalogueSupplierNames = undefined));
  return value;
}

/** For tests that change reference rows. */
export function forgetCatalogueReference() {
  globalForReference.catalogueReference = undefined;
  globalForSuppliers.catalogueSupplierNames = undefined;
}
