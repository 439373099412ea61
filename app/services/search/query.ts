/**
 * The search query: one zod schema for the /solutions page, the open API and saved
 * shortlists, read from URL parameters (the URL is the state, so a search can be shared).
 * Bad values come back as messages for a 400 page or JSON error, never as an exception.
 */
import { z } from "zod";
import { FACET_KEYS, SORTS } from "./document";
import { DEFAULT_ASSURANCE, DEFAULT_PER_PAGE, type SearchQuery } from "./query-url";

export * from "./query-url";

export const MAX_QUERY_LENGTH = 200;
export const MAX_PER_PAGE = 100;
/** Deep pages are refused: nobody reads page 500, and both engines cap the window. */
export const MAX_RESULT_WINDOW = 10_000;
const MAX_VALUES = 30;


const listOf = (pattern: RegExp, message: string, normalise: (value: string) => string = (v) => v) =>
  z
    .array(z.string())
    .default([])
    .transform((values) => [...new Set(values.flatMap((v) => v.split(",")).map((v) => normalise(v.trim())).filter(Boolean))])
    .pipe(z.array(z.string().regex(pattern, message)).max(MAX_VALUES, `Choose no more than ${MAX_VALUES} values`));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const oneOf = <T extends z.ZodType<any, string | undefined>>(name: string, inner: T) =>
  z
    .array(z.string())
    .max(1, `Give ${name} only once`)
    .optional()
    .transform((values) => values?.[0])
    .pipe(inner);

const upper = (v: string) => v.toUpperCase();

const integer = (name: string, min: number, max: number, fallback: number) =>
  oneOf(
    name,
    z
      .string()
      .optional()
      .transform((v) => (v === undefined || v.trim() === "" ? String(fallback) : v.trim()))
      .pipe(
        z
          .string()
          .regex(/^\d{1,6}$/, `${name} must be a whole number`)
          .transform(Number)
          .pipe(z.number().min(min, `${name} must be ${min} or more`).max(max, `${name} must be ${max} or less`)),
      ),
  );

const schema = z.object({
  q: oneOf(
    "q",
    z
      .string()
      .optional()
      // Control characters carry no meaning in a search and upset highlighting.
      .transform((v) => (v ?? "").replace(/[\u0000-\u001f\u007f\uE000-\uF8FF]/g, " ").replace(/\s+/g, " ").trim())
      .pipe(z.string().max(MAX_QUERY_LENGTH, `Search terms must be ${MAX_QUERY_LENGTH} characters or fewer`)),
  ),
  capability: listOf(/^C\d{1,3}$/, "Capability must be a reference such as C14", upper),
  epic: listOf(/^(C\d{1,3}E\d{1,3}|E\d{5})$/, "Epic must be a reference such as C14E1 or E00039", upper),
  framework: listOf(/^[A-Z0-9]{2,20}$/, "Framework must be an id such as NHSDGP001", upper),
  standard: listOf(/^[A-Z0-9]{2,20}$/, "Standard must be an id such as S44", upper),
  integration: listOf(/^[A-Z0-9_]{2,60}$/, "Integration must be a group such as GP_CONNECT or a type such as IM1_BULK", upper),
  hosting: listOf(/^(PUBLIC_CLOUD|PRIVATE_CLOUD|HYBRID|ON_PREMISE)$/, "Hosting type must be PUBLIC_CLOUD, PRIVATE_CLOUD, HYBRID or ON_PREMISE", upper),
  applicationType: listOf(/^(BROWSER_BASED|MOBILE_OR_TABLET|DESKTOP)$/, "Application type must be BROWSER_BASED, MOBILE_OR_TABLET or DESKTOP", upper),
  supplier: listOf(/^\d{1,9}$/, "Supplier must be a supplier id such as 10000"),
  provisioning: listOf(/^(PATIENT|DECLARATIVE|ON_DEMAND)$/, "Price type must be PATIENT, DECLARATIVE or ON_DEMAND", upper),
  assurance: listOf(/^(assured|lapsed|in-remediation|not-orderable)$/, "Assurance must be assured, lapsed, in-remediation or not-orderable", (v) => v.toLowerCase()).transform((values) =>
    values.length > 0 ? values : DEFAULT_ASSURANCE,
  ),
  sort: oneOf("sort", z.string().optional().transform((v) => (v === undefined || v === "" ? "relevance" : v)).pipe(z.enum(SORTS, { error: "Sort must be relevance, name or price" }))),
  page: integer("page", 1, MAX_RESULT_WINDOW, 1),
  perPage: integer("perPage", 1, MAX_PER_PAGE, DEFAULT_PER_PAGE),
});

export type QueryProblem = { param: string; message: string };
export type ParsedQuery = { ok: true; query: SearchQuery } | { ok: false; problems: QueryProblem[] };

const KNOWN = new Set<string>(["q", ...FACET_KEYS, "sort", "page", "perPage"]);

/** Every known parameter's values; unknown ones (Remix's `_data`, `index`, a compare `ids`) are ignored. */
function valuesOf(params: URLSearchParams): Record<string, string[]> {
  const values: Record<string, string[]> = {};
  for (const [key, value] of params) {
    if (!KNOWN.has(key)) continue;
    (values[key] ??= []).push(value);
  }
  return values;
}

export function parseSearchQuery(params: URLSearchParams): ParsedQuery {
  const parsed = schema.safeParse(valuesOf(params));
  if (!parsed.success) {
    const problems = new Map<string, string>();
    for (const issue of parsed.error.issues) {
      const param = String(issue.path[0] ?? "query");
      if (!problems.has(param)) problems.set(param, issue.message);
    }
    return { ok: false, problems: [...problems].map(([param, message]) => ({ param, message })) };
  }
  const query = parsed.data as SearchQuery;
  if (query.page * query.perPage > MAX_RESULT_WINDOW + query.perPage) {
    return { ok: false, problems: [{ param: "page", message: `Only the first ${MAX_RESULT_WINDOW} results can be paged through: narrow your search` }] };
  }
  return { ok: true, query };
}

