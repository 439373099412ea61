import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { EvidenceFileInput } from "~/components/assurance/EvidenceFileInput";
import { BackLink, Button, DateInput, ErrorSummary, TextInput } from "~/components/nhs";
import { getSupplierAssurance, submitRenewalEvidence, validateEvidenceAnswers } from "~/modules/assurance/evidence.server";
import { formatNhsDate, fromDbDate } from "~/modules/dates";
import { useCsrfToken } from "~/root";
import { MAX_EVIDENCE_BYTES, uploadStorage } from "~/services/storage/index.server";
import { answerValues, declaredBodyTooLarge, parseUploadForm, readFieldsBeforeFile, UPLOAD_PROBLEMS } from "~/services/storage/multipart.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: (data?: { standard?: string }) => (data?.standard ? `Renew ${data.standard}` : "Renew an assurance") };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "assurance", action: "uploadEvidence" });
  const record = await getSupplierAssurance(db(), actor, params.recordId!);
  if (!record || !record.expiresOn) throw new Response("Not found", { status: 404 });
  return json({
    standard: record.standard.name,
    appliesTo: record.catalogueItem?.name ?? null,
    expiresOn: formatNhsDate(fromDbDate(record.expiresOn)),
  });
}

type Values = Record<string, string>;
const tooLarge = "The selected file must be smaller than 10 MB";
const ANSWER_NAMES = ["certificateNumber", "assuredOn-day", "assuredOn-month", "assuredOn-year", "expiresOn-day", "expiresOn-month", "expiresOn-year"];
const answersFrom = (fields: FormData): Values => answerValues(fields, ANSWER_NAMES);

export async function action({ request, params }: ActionFunctionArgs) {
  // The guard reads a multipart form only as far as its CSRF token, never the file.
  const actor = await requireActor(request, { entity: "assurance", action: "uploadEvidence" }, { acceptsFiles: true });
  const refuseFile = (message: string, values: Values, status: number) =>
    json({ errors: [{ fieldId: "file", message }], fieldErrors: { file: message } as Values, values }, { status, headers: status === 413 ? { Connection: "close" } : undefined });
  // A 50 MB upload is refused without being read: the answers sent before the file are read
  // back only to show them again; the file is not read.
  if (declaredBodyTooLarge(request, MAX_EVIDENCE_BYTES)) return refuseFile(tooLarge, answersFrom(await readFieldsBeforeFile(request)), 413);
  const record = await getSupplierAssurance(db(), actor, params.recordId!);
  if (!record) throw new Response("Not found", { status: 404 });

  const form = await parseUploadForm(request, "file", MAX_EVIDENCE_BYTES);
  const { fields } = form;
  const values = answersFrom(fields);
  if (!form.ok) return refuseFile(form.reason === "too-large" ? tooLarge : UPLOAD_PROBLEMS[form.reason], values, form.reason === "too-large" ? 413 : 400);
  const { file } = form;
  const text = (name: string) => String(fields.get(name) ?? "");
  const part = (name: string) => ({ day: text(`${name}-day`), month: text(`${name}-month`), year: text(`${name}-year`) });
  const answers = validateEvidenceAnswers({ certificateNumber: text("certificateNumber"), assuredOn: part("assuredOn"), expiresOn: part("expiresOn") });
  const errors: Values = answers.ok ? {} : { ...answers.errors };
  if (!file || (!file.result.ok && file.result.reason === "empty")) errors.file = "Select a PDF of the evidence";
  else if (!file.result.ok) errors.file = tooLarge;

  const discard = async () => {
    if (file?.result.ok) await uploadStorage().remove(file.result.key);
  };
  const fail = async (errs: Values) => {
    await discard();
    const order = ["certificateNumber", "assuredOn", "expiresOn", "file"];
    return json({ errors: order.filter((k) => errs[k]).map((k) => ({ fieldId: k, message: errs[k] })), fieldErrors: errs, values }, { status: 400 });
  };
  if (Object.keys(errors).length > 0 || !answers.ok || !file?.result.ok) return fail(errors);
  const submitted = await submitRenewalEvidence(db(), actor, { assuranceRecordId: record.id, upload: file.result, fileName: file.name, answers: answers.data });
  if (!submitted.ok) return fail({ file: submitted.message });
  return redirect("/supplier/assurance?done=uploaded");
}

export default function RenewAssurance() {
  const { standard, appliesTo, expiresOn } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values: Values = actionData?.values ?? {};
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  const date = (name: string) => ({ day: values[`${name}-day`], month: values[`${name}-month`], year: values[`${name}-year`] });
  return (
    <>
      <BackLink href="/supplier/assurance">Back to your assurance</BackLink>
      <ErrorSummary errors={actionData?.errors ?? []} />
      <span className="mb-2 block text-19 text-text-secondary">{appliesTo ?? "Your company"}</span>
      <h1>Renew {standard}</h1>
      <p>It expires (or expired) on {expiresOn}. Upload the new certificate or report. Commercial staff check it before your assurance is renewed.</p>
      <Form method="post" encType="multipart/form-data" noValidate>
        <input type="hidden" name="csrf" value={useCsrfToken()} />
        <TextInput id="certificateNumber" name="certificateNumber" label="Certificate number (optional)" width={20} defaultValue={values.certificateNumber} error={errors.certificateNumber} />
        <DateInput id="assuredOn" name="assuredOn" label="Assured on" hint="For example, 15 3 2026" defaultValue={date("assuredOn")} error={errors.assuredOn} />
        <DateInput id="expiresOn" name="expiresOn" label="Expires on" hint="For example, 30 6 2027" defaultValue={date("expiresOn")} error={errors.expiresOn} />
        {/* Last, so the answers above reach the server before the file: a refused upload keeps them. */}
        <EvidenceFileInput id="file" label="Evidence document (PDF)" error={errors.file} />
        <Button preventDoubleClick>Upload evidence</Button>
      </Form>
    </>
  );
}
