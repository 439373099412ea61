import { createHash } from "node:crypto";
import { FACET_KEYS, SORTS } from "~/services/search/document";
import { FACET_VALUES_RETURNED } from "~/services/search/engine";
import { MAX_PER_PAGE } from "~/services/search/query";

/**
 * The open API's responses: JSON with a strong ETag from the body and public cache headers,
 * 304 when the client already has it, and 4xx errors as JSON problems (never a 500 for bad
 * input). CORS is open: the catalogue is open data.
 */
const COMMON_HEADERS = { "Access-Control-Allow-Origin": "*", "X-Content-Type-Options": "nosniff" };

/** SHA-1 as base64url: the open API's ETags, and the digests they are made from. */
export const sha1 = (text: string) => createHash("sha1").update(text).digest("base64url");

/**
 * A body its maker has already turned into JSON, with a fingerprint that differs exactly when
 * the text does (shorter, so cheaper to hash for the ETag): see apiSearchBody.
 */
export class SerialisedBody {
  constructor(
    readonly text: string,
    readonly fingerprint: string,
  ) {}
}

/** Serialised bodies of recent search results, keyed by query, valid while the result object is the same one. */
const serialised = new Map<string, { source: object; text: string; etag: string }>();
const MAX_SERIALISED = 200;

function serialise(body: unknown | (() => unknown), reuseFor?: { key: string; source: object }): { text: string; etag: string } {
  const cached = reuseFor ? serialised.get(reuseFor.key) : undefined;
  if (cached && cached.source === reuseFor?.source) return cached;
  const value = typeof body === "function" ? (body as () => unknown)() : body;
  const serialisedBody = value instanceof SerialisedBody ? value : null;
  const text = serialisedBody ? serialisedBody.text : JSON.stringify(value);
  const entry = { text, etag: `"${sha1(serialisedBody ? serialisedBody.fingerprint : text)}"` };
  if (reuseFor) {
    if (serialised.size >= MAX_SERIALISED) serialised.clear();
    serialised.set(reuseFor.key, { ...entry, source: reuseFor.source });
  }
  return entry;
}

export function openDataResponse(
  request: Request,
  body: unknown | (() => unknown),
  { maxAgeSeconds = 60, reuseFor }: { maxAgeSeconds?: number; reuseFor?: { key: string; source: object } } = {},
): Response {
  const { text, etag } = serialise(body, reuseFor);
  const headers = {
    ...COMMON_HEADERS,
    ETag: etag,
    "Cache-Control": `public, max-age=${maxAgeSeconds}, stale-while-revalidate=${maxAgeSeconds * 5}`,
    Vary: "Accept-Encoding",
  };
  const ifNoneMatch = request.headers.get("If-None-Match");
  if (ifNoneMatch && ifNoneMatch.split(",").map((t) => t.trim().replace(/^W\//, "")).includes(etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(text, { status: 200, headers: { ...headers, "Content-Type": "application/json; charset=utf-8" } });
}

export function openDataError(status: number, title: string, problems: { param: string; message: string }[] = []): Response {
  return new Response(JSON.stringify({ error: { status, title, problems } }), {
    status,
    headers: { ...COMMON_HEADERS, "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}

const listParam = (name: string, description: string, example?: string) => ({
  name,
  in: "query",
  description: `${description} Repeat the parameter or separate values with commas.`,
  required: false,
  explode: true,
  schema: { type: "array", items: { type: "string" }, ...(example ? { example: [example] } : {}) },
});

const hitSchema = {
  type: "object",
  properties: {
    id: { type: "string", example: "10000-001" },
    name: { type: "string" },
    supplier: { type: "object", properties: { id: { type: "integer" }, name: { type: "string" } } },
    summary: { type: "string" },
    capabilityRefs: { type: "array", items: { type: "string", example: "C14" } },
    capabilities: { type: "array", items: { type: "object", properties: { ref: { type: "string" }, name: { type: "string" }, result: { type: "string", enum: ["PASSED_FULL", "PASSED_PARTIAL"] } } } },
    standards: {
      type: "array",
      items: {
        type: "object",
        properties: {
          id: { type: "string" },
          name: { type: "string" },
          level: { type: "string", enum: ["solution", "supplier"] },
          assurance: { type: "string", enum: ["ASSURED", "EXPIRING", "LAPSED", "IN_REMEDIATION", "WITHDRAWN"] },
          expiresOn: { type: "string", format: "date", nullable: true },
        },
      },
    },
    frameworks: { type: "array", items: { type: "object", properties: { id: { type: "string" }, name: { type: "string" }, expired: { type: "boolean" } } } },
    assurance: { type: "string", enum: ["assured", "lapsed", "in-remediation", "not-orderable"], description: "assured: can be ordered today under the orderability rule; otherwise why not" },
    orderable: { type: "boolean", description: "Whether a call-off order can be placed for it today" },
    fromPrice: {
      type: "object",
      nullable: true,
      properties: { amount: { type: "string", example: "1.2500" }, currency: { type: "string" }, unit: { type: "string" }, billingPeriod: { type: "string" }, provisioningType: { type: "string" } },
    },
  },
};

const errorSchema = {
  type: "object",
  properties: { error: { type: "object", properties: { status: { type: "integer" }, title: { type: "string" }, problems: { type: "array", items: { type: "object", properties: { param: { type: "string" }, message: { type: "string" } } } } } } },
};

const jsonContent = (schema: object) => ({ "application/json": { schema } });

export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.0.3",
    info: {
      title: "NHS Buying Catalogue open data",
      version: "1.0.0",
      description: "Published Catalogue Solutions with their capabilities, standards and assurance, frameworks and list prices. No authentication. Responses carry ETags: send If-None-Match to get 304.",
    },
    servers: [{ url: serverUrl }],
    paths: {
      "/api/v1/solutions": {
        get: {
          summary: "Search Catalogue Solutions",
          parameters: [
            { name: "q", in: "query", schema: { type: "string", maxLength: 200 }, description: "Search terms; quote a phrase; small typos are tolerated." },
            listParam("capability", "Capability references; a solution must meet all of them.", "C14"),
            listParam("epic", "Epic references; a solution must meet all of them."),
            listParam("framework", "Framework ids; any of them.", "NHSDGP001"),
            listParam("standard", "Interoperability standard ids the solution is assured against; all of them.", "S44"),
            listParam("integration", "Integration groups (IM1, GP_CONNECT, NHS_APP) or types (IM1_BULK…); all of them.", "GP_CONNECT"),
            listParam("hosting", "PUBLIC_CLOUD, PRIVATE_CLOUD, HYBRID, ON_PREMISE; any of them."),
            listParam("applicationType", "BROWSER_BASED, MOBILE_OR_TABLET, DESKTOP; any of them."),
            listParam("supplier", "Supplier ids; any of them."),
            listParam("provisioning", "PATIENT, DECLARATIVE, ON_DEMAND; any of them."),
            listParam("assurance", "assured (default: only what can be ordered today), lapsed, in-remediation, not-orderable (frameworks not live, no price); any of them."),
            { name: "sort", in: "query", schema: { type: "string", enum: [...SORTS], default: "relevance" }, description: "Ties are broken by a stable hash of the solution id." },
            { name: "page", in: "query", schema: { type: "integer", minimum: 1, default: 1 } },
            { name: "perPage", in: "query", schema: { type: "integer", minimum: 1, maximum: MAX_PER_PAGE, default: 20 } },
            {
              name: "expand",
              in: "query",
              schema: { type: "array", items: { type: "string", enum: [...FACET_KEYS] } },
              style: "form",
              explode: true,
              description: `Facets to return every value of. Otherwise a facet returns its first ${FACET_VALUES_RETURNED} values by number of results (epics always all), plus any chosen value; facetValueCounts says how many there are. Unknown names are ignored.`,
            },
          ],
          responses: {
            "200": {
              description: "Matching solutions, facet counts (facets with an 'any' rule are counted without their own selection)",
              content: jsonContent({
                type: "object",
                properties: {
                  hits: { type: "array", items: hitSchema },
                  total: { type: "integer" },
                  page: { type: "integer" },
                  perPage: { type: "integer" },
                  totalPages: { type: "integer" },
                  facets: { type: "object", properties: Object.fromEntries(FACET_KEYS.map((k) => [k, { type: "array", items: { type: "object", properties: { value: { type: "string" }, count: { type: "integer" } } } }])) },
                  facetValueCounts: { type: "object", description: "How many values each facet has with results, returned or not", properties: Object.fromEntries(FACET_KEYS.map((k) => [k, { type: "integer" }])) },
                  processingTimeMs: { type: "integer" },
                },
              }),
            },
            "304": { description: "Not modified" },
            "400": { description: "A parameter is not valid", content: jsonContent(errorSchema) },
          },
        },
      },
      "/api/v1/solutions/{id}": {
        get: {
          summary: "One Catalogue Solution, as its page shows it",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", example: "10000-001" } }],
          responses: {
            "200": { description: "The solution", content: jsonContent({ type: "object" }) },
            "404": { description: "No such solution", content: jsonContent(errorSchema) },
            "410": { description: "Withdrawn, with date and reason", content: jsonContent(errorSchema) },
          },
        },
      },
      "/api/v1/capabilities": { get: { summary: "Capabilities and their epics", responses: { "200": { description: "Capabilities", content: jsonContent({ type: "object" }) } } } },
      "/api/v1/standards": { get: { summary: "Standards", responses: { "200": { description: "Standards", content: jsonContent({ type: "object" }) } } } },
      "/api/v1/frameworks": { get: { summary: "Frameworks (expired ones included and marked)", responses: { "200": { description: "Frameworks", content: jsonContent({ type: "object" }) } } } },
    },
  };
}
