import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { BackLink, Button, ErrorSummary, NotificationBanner, Radios, TextInput } from "~/components/nhs";
import { ActionRefused } from "~/modules/admin/guard.server";
import { listStandards, standardSchema, updateStandard } from "~/modules/admin/standards.server";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/forms";

export const handle = { title: (data: { standard?: { id: string; name: string } } | undefined) => (data?.standard ? `${data.standard.id} ${data.standard.name}` : "Standard") };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "standard", action: "manage" });
  const standard = (await listStandards(db(), actor)).find((s) => s.id === params.standardId);
  if (!standard) throw new Response("Not found", { status: 404 });
  return json({ standard, saved: new URL(request.url).searchParams.has("saved") });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "standard", action: "manage" });
  const values = formValues(await request.formData());
  const parsed = parseForm(standardSchema, values);
  if (!parsed.ok) return json({ errors: parsed.summary, fieldErrors: parsed.errors, values }, { status: 400 });
  try {
    await updateStandard(db(), actor, params.standardId ?? "", parsed.data);
  } catch (error) {
    if (error instanceof ActionRefused) return json({ errors: [{ fieldId: "isOverarching", message: error.message }], fieldErrors: {}, values }, { status: 400 });
    throw error;
  }
  return redirect(`/admin/standards/${params.standardId}?saved=1`);
}

const yesNo = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
];

export default function StandardPage() {
  const { standard, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors: Record<string, string> = actionData?.fieldErrors ?? {};
  const value = (name: string, fallback: string) => {
    const v = actionData?.values[name];
    return typeof v === "string" ? v : fallback;
  };
  const flag = (b: boolean) => (b ? "yes" : "no");
  return (
    <>
      <BackLink href="/admin/standards">Back to standards</BackLink>
      {actionData?.errors?.length ? <ErrorSummary errors={actionData.errors} /> : null}
      {saved ? (
        <NotificationBanner type="success">
          <p>Standard saved. The next assurance scan uses the new settings.</p>
        </NotificationBanner>
      ) : null}
      <h1>
        {standard.id} {standard.name}
      </h1>
      <Form method="post">
        <input type="hidden" name="csrf" value={csrf} />
        <Radios id="isOverarching" name="isOverarching" label="Overarching (every Catalogue Solution must meet it)" labelSize="s" inline items={yesNo} defaultValue={value("isOverarching", flag(standard.isOverarching))} error={errors.isOverarching} />
        <Radios id="expiresOnCycle" name="expiresOnCycle" label="Expires on a cycle and must be renewed" labelSize="s" inline items={yesNo} defaultValue={value("expiresOnCycle", flag(standard.expiresOnCycle))} error={errors.expiresOnCycle} />
        <TextInput id="cycleMonths" name="cycleMonths" label="Renewal cycle in months" hint="Only for standards that expire" labelSize="s" inputMode="numeric" width={3} defaultValue={value("cycleMonths", standard.cycleMonths ? String(standard.cycleMonths) : "")} error={errors.cycleMonths} />
        <TextInput id="warningWindowDays" name="warningWindowDays" label="Warning window in days" hint="How long before expiry an assurance shows as expiring and the supplier is told" labelSize="s" inputMode="numeric" width={3} defaultValue={value("warningWindowDays", String(standard.warningWindowDays))} error={errors.warningWindowDays} />
        <Radios id="safetyCritical" name="safetyCritical" label="Safety or security critical (a lapse may lead to suspension straight away)" labelSize="s" inline items={yesNo} defaultValue={value("safetyCritical", flag(standard.safetyCritical))} error={errors.safetyCritical} />
        <Button>Save standard</Button>
      </Form>
    </>
  );
}
