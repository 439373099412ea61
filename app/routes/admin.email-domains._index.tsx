import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppLink, Button, ErrorSummary, NotificationBanner, Table, TextInput } from "~/components/nhs";
import { addEmailDomain, listEmailDomains } from "~/modules/admin/email-domains.server";
import { ActionRefused } from "~/modules/admin/guard.server";
import { formatNhsDate, londonDateOf } from "~/modules/dates";
import { emailDomainSchema } from "~/modules/users/user-rules";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/forms";

export const handle = { title: "Allowed email domains" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "emailDomain", action: "manage" });
  const params = new URL(request.url).searchParams;
  return json({ domains: await listEmailDomains(db(), actor), added: params.get("added"), removed: params.get("removed") });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "emailDomain", action: "manage" });
  const values = formValues(await request.formData());
  const parsed = parseForm(emailDomainSchema(), values);
  if (!parsed.ok) return json({ errors: parsed.summary, fieldErrors: parsed.errors, values }, { status: 400 });
  try {
    await addEmailDomain(db(), actor, parsed.data.domain);
  } catch (error) {
    if (error instanceof ActionRefused) return json({ errors: [{ fieldId: "domain", message: error.message }], fieldErrors: { domain: error.message } as Record<string, string>, values }, { status: 400 });
    throw error;
  }
  return redirect(`/admin/email-domains?added=${encodeURIComponent(parsed.data.domain)}`);
}

export default function EmailDomains() {
  const { domains, added, removed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  const domainValue = typeof actionData?.values.domain === "string" ? actionData.values.domain : undefined;
  return (
    <>
      {actionData?.errors?.length ? <ErrorSummary errors={actionData.errors} /> : null}
      {!actionData && (added || removed) ? (
        <NotificationBanner type="success">
          <p>{added ? `${added} added. People at it and its subdomains can now be invited.` : `${removed} removed. Nobody new at it can be invited; existing accounts stay.`}</p>
        </NotificationBanner>
      ) : null}
      <h1>Allowed email domains</h1>
      <p>Buyers and commercial staff can only have an account with an email address at one of these domains or their subdomains. Suppliers use their own company domains.</p>
      <Table
        caption={`${domains.length} allowed ${domains.length === 1 ? "domain" : "domains"}`}
        head={[{ label: "Domain" }, { label: "Added" }, { label: "Action" }]}
        rows={domains.map((d) => [
          d.domain,
          `${formatNhsDate(londonDateOf(new Date(d.createdAt)))}${d.addedBy ? ` by ${d.addedBy}` : ""}`,
          <AppLink key="remove" href={`/admin/email-domains/${d.id}`}>
            Remove<span className="sr-only"> {d.domain}</span>
          </AppLink>,
        ])}
      />
      <h2>Add a domain</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={csrf} />
        <TextInput id="domain" name="domain" label="Email domain" hint="The part after the @, like nhs.net. Its subdomains are allowed too." labelSize="s" width={30} spellCheck={false} autoCapitalize="none" defaultValue={domainValue} error={errors.domain} />
        <Button preventDoubleClick>Add domain</Button>
      </Form>
      <p>
        <AppLink href="/admin/users">Users</AppLink>
      </p>
    </>
  );
}
