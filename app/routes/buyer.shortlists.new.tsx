import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppLink, BackLink, Button, ErrorSummary, TextInput } from "~/components/nhs";
import { createShortlist, shortlistFormSchema } from "~/modules/shortlists/shortlists.server";
import { useCsrfToken } from "~/root";
import { SEARCH_PATH, parseSearchQuery, toSearchParams } from "~/services/search/query";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { parseForm } from "~/utils/forms";

export const handle = { title: "Save this search as a shortlist" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireActor(request, { entity: "shortlist", action: "create" });
  const parsed = parseSearchQuery(new URL(request.url).searchParams);
  if (!parsed.ok) throw json({ message: parsed.problems.map((p) => `${p.message}.`).join(" ") }, { status: 400 });
  const search = toSearchParams(parsed.query, { includePage: false }).toString();
  return json({ search, q: parsed.query.q });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "shortlist", action: "create" });
  const form = await request.formData();
  const values = { name: String(form.get("name") ?? ""), search: String(form.get("search") ?? "") };
  const parsed = parseForm(shortlistFormSchema, values);
  if (!parsed.ok) return json({ errors: parsed.summary, fieldErrors: parsed.errors, values }, { status: 400 });
  const created = await createShortlist(db(), actor, parsed.data);
  if (!created.ok) {
    return json({ errors: created.errors, fieldErrors: Object.fromEntries(created.errors.map((e) => [e.fieldId, e.message])), values }, { status: 400 });
  }
  return redirect(`/buyer/shortlists/${created.id}?saved=1`);
}

export default function NewShortlist() {
  const { search, q } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const searchHref = `${SEARCH_PATH}${search ? `?${search}` : ""}`;
  return (
    <>
      <BackLink href={searchHref}>Back to search results</BackLink>
      <ErrorSummary errors={actionData?.errors ?? []} />
      <h1>Save this search as a shortlist</h1>
      <p>
        Your organisation will be able to reopen <AppLink href={searchHref}>this search{q ? ` for “${q}”` : ""}</AppLink> and see what has changed since today.
      </p>
      <Form method="post">
        <input type="hidden" name="csrf" value={csrf} />
        <input type="hidden" name="search" value={actionData?.values.search ?? search} />
        <TextInput id="name" name="name" label="Shortlist name" hint="For example, Online consultation options 2026" error={actionData?.fieldErrors?.name} defaultValue={actionData?.values.name} width={30} />
        <Button preventDoubleClick>Save shortlist</Button>
      </Form>
    </>
  );
}
