import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { BackLink, Button, ButtonLink, ErrorSummary, WarningCallout } from "~/components/nhs";
import { getEmailDomain, removeEmailDomain } from "~/modules/admin/email-domains.server";
import { ActionRefused } from "~/modules/admin/guard.server";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: (data: { domain?: { domain: string } } | undefined) => (data?.domain ? `Remove ${data.domain.domain}` : "Remove an email domain") };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "emailDomain", action: "manage" });
  const domain = await getEmailDomain(db(), actor, params.domainId ?? "");
  if (!domain) throw new Response("Not found", { status: 404 });
  return json({ domain });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "emailDomain", action: "manage" });
  try {
    const removed = await removeEmailDomain(db(), actor, params.domainId ?? "");
    return redirect(`/admin/email-domains?removed=${encodeURIComponent(removed.domain)}`);
  } catch (error) {
    if (error instanceof ActionRefused) return json({ errors: [{ fieldId: "confirm", message: error.message }] }, { status: 400 });
    throw error;
  }
}

export default function RemoveEmailDomain() {
  const { domain } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  return (
    <div className="desktop:w-2/3">
      <BackLink href="/admin/email-domains">Back to allowed email domains</BackLink>
      {actionData?.errors?.length ? <ErrorSummary errors={actionData.errors} /> : null}
      <h1>Remove {domain.domain}?</h1>
      <WarningCallout heading="What happens" headingLevel={2}>
        <p>
          Nobody new with an address at {domain.domain} or its subdomains can be invited or accept an invitation. {domain.users === 1 ? "The 1 active account there keeps working." : `The ${domain.users} active accounts there keep working.`}
        </p>
      </WarningCallout>
      <Form method="post" className="flex flex-wrap items-center gap-4">
        <input type="hidden" name="csrf" value={csrf} />
        <Button id="confirm" variant="warning">
          Yes, remove {domain.domain}
        </Button>
        <ButtonLink variant="secondary" href="/admin/email-domains">
          No, keep it
        </ButtonLink>
      </Form>
    </div>
  );
}
