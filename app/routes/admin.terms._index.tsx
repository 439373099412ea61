import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Button, Checkboxes, ErrorSummary, NotificationBanner, Table, Textarea, WarningCallout } from "~/components/nhs";
import { publishTerms, publishTermsSchema, termsHistory } from "~/modules/accounts/terms.server";
import { formatLondonDateTime } from "~/modules/dates";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { parseForm } from "~/utils/forms";

export const handle = { title: "Terms of use" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "terms", action: "publish" });
  const { versions, activeUsers } = await termsHistory(db(), actor);
  const published = new URL(request.url).searchParams.get("published");
  return json({
    csrf: actor.csrfToken,
    activeUsers,
    published: published && /^\d{1,6}$/.test(published) ? Number(published) : null,
    versions: versions.map((v) => ({ ...v, publishedAt: formatLondonDateTime(v.publishedAt) })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "terms", action: "publish" });
  const form = await request.formData();
  const parsed = parseForm(publishTermsSchema, form);
  const values = { summary: String(form.get("summary") ?? "").slice(0, 600), body: String(form.get("body") ?? "").slice(0, 60_000) };
  // Publishing stops everyone until they accept, so it is confirmed in so many words.
  const unconfirmed = form.get("confirm") !== "everyone" ? "Confirm that everyone must accept the new version" : null;
  if (!parsed.ok || unconfirmed) {
    const errors = [...(parsed.ok ? [] : parsed.summary), ...(unconfirmed ? [{ fieldId: "confirm", message: unconfirmed }] : [])];
    return json({ errors, fieldErrors: { ...(parsed.ok ? {} : parsed.errors), ...(unconfirmed ? { confirm: unconfirmed } : {}) } as Record<string, string>, values }, { status: 400 });
  }
  const terms = await publishTerms(db(), actor, parsed.data);
  return redirect(`/admin/terms?published=${terms.version}`);
}

export default function AdminTerms() {
  const { csrf, versions, activeUsers, published } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const fieldErrors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  return (
    <>
      {published ? (
        <NotificationBanner type="success" title="Success">
          <p>Version {published} is published. Everyone will be asked to accept it on their next page.</p>
        </NotificationBanner>
      ) : null}
      <ErrorSummary errors={actionData?.errors ?? []} />
      <h1>Terms of use</h1>
      {versions.length > 0 ? (
        <Table
          caption="Published versions"
          head={[{ label: "Version", numeric: true }, { label: "Published" }, { label: "What changed" }, { label: `Accepted (of ${activeUsers} active users)`, numeric: true }]}
          rows={versions.map((v) => [String(v.version), v.publishedAt, v.summary, String(v.acceptances)])}
        />
      ) : (
        <p>No terms of use have been published. Until one is, nobody is asked to accept any.</p>
      )}
      <h2>Publish a new version</h2>
      <WarningCallout heading="Everyone must accept it">
        <p>As soon as it is published, every buyer, supplier and member of staff is asked to accept the new version before going on.</p>
      </WarningCallout>
      <Form method="post" noValidate className="desktop:w-2/3">
        <input type="hidden" name="csrf" value={csrf} />
        <Textarea id="summary" name="summary" label="What has changed" hint="Shown to people asked to accept. 500 characters or fewer." rows={3} defaultValue={actionData?.values?.summary} error={fieldErrors.summary} />
        <Textarea
          id="body"
          name="body"
          label="The terms of use in full"
          hint='Plain text. Leave a blank line between paragraphs; start a line with "## " for a heading.'
          rows={16}
          defaultValue={actionData?.values?.body}
          error={fieldErrors.body}
        />
        <Checkboxes
          id="confirm"
          name="confirm"
          label="Confirm"
          labelSize="s"
          error={fieldErrors.confirm}
          items={[{ value: "everyone", label: "I understand everyone must accept this version before they can go on" }]}
        />
        <Button preventDoubleClick>Publish version {(versions[0]?.version ?? 0) + 1}</Button>
      </Form>
    </>
  );
}
