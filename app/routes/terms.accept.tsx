import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Button, Checkboxes, ErrorSummary } from "~/components/nhs";
import { TermsText } from "~/components/TermsText";
import { acceptTerms, currentTerms, termsToAccept } from "~/modules/accounts/terms.server";
import { formatLondonDateTime } from "~/modules/dates";
import { requireActor, safeRedirectPath } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { homePathFor } from "~/utils/permissions";
import { clientIp } from "~/utils/session.server";

export const handle = { title: "Accept the terms of use" };

const guard = { entity: "terms", action: "accept" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, guard, { beforeTermsAccepted: true });
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), homePathFor(actor.role));
  const pending = await termsToAccept(db(), actor.userId);
  if (!pending) throw redirect(redirectTo);
  const terms = await currentTerms(db());
  return json({ csrf: actor.csrfToken, redirectTo, terms: terms && { ...terms, publishedAt: formatLondonDateTime(terms.publishedAt) } });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request, guard, { beforeTermsAccepted: true });
  const form = await request.formData();
  const redirectTo = safeRedirectPath(form.get("redirectTo"), homePathFor(actor.role));
  const pending = await termsToAccept(db(), actor.userId);
  if (!pending) return redirect(redirectTo);
  // The version on the page must still be the latest: accepting is agreeing to what was read.
  if (form.get("termsId") !== pending.id) return json({ errors: [{ fieldId: "accept", message: "The terms of use have changed while you were reading them. Read the new version below." }] }, { status: 409 });
  if (form.get("accept") !== "yes") return json({ errors: [{ fieldId: "accept", message: "Confirm that you accept the terms of use" }] }, { status: 400 });
  await acceptTerms(db(), actor, pending.id, { ip: clientIp(request) });
  return redirect(redirectTo);
}

export default function AcceptTerms() {
  const { csrf, redirectTo, terms } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (!terms) return null;
  return (
    <div className="desktop:w-2/3">
      <ErrorSummary errors={actionData?.errors ?? []} />
      <h1>Accept the terms of use</h1>
      <p>
        Version {terms.version} of the Buying Catalogue terms of use was published on {terms.publishedAt}. Read them and accept them to go on.
      </p>
      <h2>What has changed</h2>
      <p>{terms.summary}</p>
      <TermsText body={terms.body} />
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={csrf} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <input type="hidden" name="termsId" value={terms.id} />
        <Checkboxes
          id="accept"
          name="accept"
          label="Do you accept the terms of use?"
          labelSize="s"
          error={actionData?.errors?.[0]?.message}
          items={[{ value: "yes", label: `I have read and accept version ${terms.version} of the terms of use` }]}
        />
        <Button preventDoubleClick>Accept and continue</Button>
      </Form>
      <p>
        If you do not accept them, you can <a href="/contact">contact the Buying Catalogue team</a> or log out.
      </p>
    </div>
  );
}
