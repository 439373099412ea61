import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppLink, BackLink, Button, ErrorSummary, SummaryList, Textarea } from "~/components/nhs";
import { acceptEvidence, getEvidence, rejectEvidence } from "~/modules/assurance/evidence.server";
import { formatNhsDate, fromDbDate, londonDateOf } from "~/modules/dates";
import { useCsrfToken } from "~/root";
import { forbidden, requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { can } from "~/utils/permissions";

export const handle = { title: "Review assurance evidence" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "assurance", action: "acceptEvidence" });
  const document = await getEvidence(db(), actor, params.id!);
  if (!document) throw new Response("Not found", { status: 404 });
  const record = document.assuranceRecord;
  return json({
    id: document.id,
    status: document.status,
    supplier: document.supplier.name,
    standard: record?.standard.name ?? "Unknown standard",
    appliesTo: record?.catalogueItem?.name ?? "Supplier",
    currentExpiry: record?.expiresOn ? formatNhsDate(fromDbDate(record.expiresOn)) : "None",
    fileName: document.fileName,
    sizeKb: Math.ceil(document.sizeBytes / 1024),
    sha256: document.sha256,
    uploadedBy: document.uploadedBy.name,
    uploadedOn: formatNhsDate(londonDateOf(document.createdAt)),
    certificateNumber: document.certificateNumber,
    assuredOn: document.assuredOn ? formatNhsDate(fromDbDate(document.assuredOn)) : "Not given",
    expiresOn: document.expiresOn ? formatNhsDate(fromDbDate(document.expiresOn)) : "Not given",
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "assurance", action: "acceptEvidence" });
  const form = await request.formData();
  if (form.get("intent") === "accept") {
    const result = await acceptEvidence(db(), actor, params.id!);
    if (result.ok) return redirect("/admin/evidence?done=accepted");
    return json({ errors: [{ fieldId: "accept", message: result.message }], fieldErrors: {} as Record<string, string>, reason: "" }, { status: 409 });
  }
  if (!can(actor.role, "rejectEvidence", "assurance")) throw forbidden();
  const reason = String(form.get("reason") ?? "").trim();
  if (!reason || reason.length > 1000) {
    const message = reason ? "Reason must be 1,000 characters or fewer" : "Enter why the evidence cannot be accepted";
    return json({ errors: [{ fieldId: "reason", message }], fieldErrors: { reason: message } as Record<string, string>, reason }, { status: 400 });
  }
  const result = await rejectEvidence(db(), actor, params.id!, reason);
  if (result.ok) return redirect("/admin/evidence?done=rejected");
  return json({ errors: [{ fieldId: "reason", message: result.message }], fieldErrors: {} as Record<string, string>, reason }, { status: 409 });
}

export default function ReviewEvidence() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  return (
    <>
      <BackLink href="/admin/evidence">Back to evidence to review</BackLink>
      <ErrorSummary errors={actionData?.errors ?? []} />
      <span className="mb-2 block text-19 text-text-secondary">{data.supplier}</span>
      <h1 id="accept" tabIndex={-1}>
        {data.standard} evidence
      </h1>
      <SummaryList
        rows={[
          { key: "Applies to", value: data.appliesTo },
          { key: "Current expiry", value: data.currentExpiry },
          { key: "Document", value: <AppLink href={`/admin/evidence/${data.id}/file`} reloadDocument>{`${data.fileName} (${data.sizeKb} KB)`}</AppLink> },
          { key: "SHA-256", value: <span className="break-all font-mono text-16">{data.sha256}</span> },
          { key: "Certificate number", value: data.certificateNumber ?? "Not given" },
          { key: "Assured on", value: data.assuredOn },
          { key: "Expires on", value: data.expiresOn },
          { key: "Uploaded", value: `${data.uploadedOn} by ${data.uploadedBy}` },
        ]}
      />
      {data.status === "PENDING" ? (
        <div className="grid gap-x-8 tablet:grid-cols-2">
          <Form method="post">
            <input type="hidden" name="csrf" value={csrf} />
            <h2>Accept</h2>
            <p>The assurance moves on to these dates, and any lapse it caused is cleared.</p>
            <Button name="intent" value="accept" preventDoubleClick>
              Accept and renew
            </Button>
          </Form>
          <Form method="post" noValidate>
            <input type="hidden" name="csrf" value={csrf} />
            <h2>Reject</h2>
            <Textarea id="reason" name="reason" label="Why it cannot be accepted" rows={3} defaultValue={actionData?.reason} error={actionData?.fieldErrors.reason} />
            <Button name="intent" value="reject" variant="secondary">
              Reject evidence
            </Button>
          </Form>
        </div>
      ) : (
        <p>This evidence has been {data.status === "ACCEPTED" ? "accepted" : "rejected"}.</p>
      )}
    </>
  );
}
