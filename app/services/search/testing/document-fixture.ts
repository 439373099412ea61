import type { SearchDocument } from "../document";

/** A complete search document for unit tests, with whatever they change. */
export function searchDocument(overrides: Partial<SearchDocument> = {}): SearchDocument {
  return {
    id: "10000-001",
    name: "Consulto Video",
    supplierId: 10000,
    supplierKey: "10000",
    supplierName: "Aphelion Health",
    summary: "Video consultation for practices.",
    features: ["Group calls"],
    capabilities: [{ id: "C44", name: "Video Consultation", result: "PASSED_FULL" }],
    capabilityIds: ["C44"],
    capabilityNames: ["Video Consultation"],
    epicIds: ["E00039"],
    foundation: false,
    frameworks: [{ id: "TIF001", shortName: "Tech Innovation", expired: false }],
    frameworkIds: ["TIF001"],
    integrations: [],
    integrationKeys: [],
    integrationNames: [],
    hostingTypes: ["PUBLIC_CLOUD"],
    applicationTypes: ["BROWSER_BASED"],
    provisioningTypes: ["PATIENT"],
    standards: [],
    standardIds: [],
    assurance: "assured",
    publicationStatus: "PUBLISHED",
    remediationDeadline: null,
    fromPrice: { amount: "1.2500", unitDescription: "per patient", billingPeriod: "YEARLY", provisioningType: "PATIENT" },
    indicativeAnnualPence: 1_250_000,
    publishedAt: "2026-01-01T00:00:00.000Z",
    tieBreak: 12345,
    ...overrides,
  };
}
