import type { z } from "zod";
import type { FieldError } from "~/components/nhs";

/**
 * One way to validate a form: a zod schema per form, checked on the server. Issues
 * become NHS error summary entries linking to the field with the same id as its name
 * (or the id `fieldIds` maps it to, e.g. the day box of a date input).
 *
 * Schemas are built in a function (`const schema = () => z.object(…)`), never when their
 * module loads: Remix bundles a route's module-level code for the browser even when only its
 * action uses it, and a schema built at module level brings all of zod along (it took the
 * compare page from about 100 to 150 KB of gzipped JavaScript). playwright/page-weight.spec.ts
 * fails if zod, or any *.server module, reaches a browser bundle.
 */
export type FormResult<T> =
  | { ok: true; data: T }
  | { ok: false; errors: Record<string, string>; summary: FieldError[] };

export function formValues(formData: FormData): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key).filter((value): value is string => typeof value === "string");
    values[key] = all.length > 1 ? all : (all[0] ?? "");
  }
  return values;
}

export function parseForm<S extends z.ZodType>(
  schema: S,
  input: FormData | Record<string, unknown>,
  fieldIds: Record<string, string> = {},
): FormResult<z.infer<S>> {
  const values = input instanceof FormData ? formValues(input) : input;
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return {
    ok: false,
    errors,
    summary: Object.entries(errors).map(([field, message]) => ({ fieldId: fieldIds[field] ?? field, message })),
  };
}
