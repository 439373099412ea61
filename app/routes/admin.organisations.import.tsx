import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { FileUpload } from "~/components/orders/FileUpload";
import { BackLink, Button, ErrorSummary, NotificationBanner, SummaryList, type FieldError } from "~/components/nhs";
import { importPracticeSizes } from "~/modules/admin/organisations.server";
import { parsePracticeSizes, PRACTICE_CSV_MAX_BYTES } from "~/modules/admin/practice-sizes";
import { useCsrfToken } from "~/root";
import { parseSmallUploadForm, UPLOAD_PROBLEMS } from "~/services/storage/multipart.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Import practice list sizes" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireActor(request, { entity: "organisation", action: "manage" });
  return null;
}

const refuse = (message: string) => json({ errors: [{ fieldId: "csv", message }] as FieldError[], fieldErrors: { csv: message } as Record<string, string>, report: null }, { status: 400 });

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "organisation", action: "manage" }, { acceptsFiles: true });
  const form = await parseSmallUploadForm(request, "csv", PRACTICE_CSV_MAX_BYTES);
  if (!form.ok) return refuse(form.reason === "too-large" ? "The selected file must be smaller than 10 MB" : UPLOAD_PROBLEMS[form.reason]);
  const file = form.file;
  if (!file) return refuse("Select the practice-size CSV file");
  if (!/\.csv$/i.test(file.name)) return refuse("The selected file must be a CSV");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(file.bytes);
  } catch {
    return refuse("The selected file must be a CSV: it is not a text file");
  }
  const parsed = parsePracticeSizes(text);
  if (!parsed.ok) return refuse(parsed.error);
  const report = await importPracticeSizes(db(), actor, { ...parsed, fileName: file.name });
  return json({ errors: [] as FieldError[], fieldErrors: {} as Record<string, string>, report });
}

export default function ImportListSizes() {
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const report = actionData?.report;
  return (
    <div className="desktop:w-2/3">
      <BackLink href="/admin/organisations">Back to buyer organisations</BackLink>
      {actionData?.errors?.length ? <ErrorSummary errors={actionData.errors} /> : null}
      {report ? (
        <NotificationBanner type="success" title="Import finished">
          <p>
            {report.rowsRead.toLocaleString("en-GB")} rows read: {report.updated.toLocaleString("en-GB")} practices updated, {report.unchanged.toLocaleString("en-GB")} unchanged,{" "}
            {report.unknown.length + report.rowErrors.length + report.moreErrors} not imported.
          </p>
        </NotificationBanner>
      ) : null}
      <h1>Import practice list sizes</h1>
      <p>
        Upload NHS Digital&apos;s monthly &quot;Patients registered at a GP practice&quot; CSV (columns CODE and NUMBER_OF_PATIENTS; only the totals for all ages and sexes are read). Per-patient
        prices use these list sizes as quantities. Practices the catalogue does not know are reported, not added.
      </p>
      <Form method="post" encType="multipart/form-data" noValidate>
        <input type="hidden" name="csrf" value={csrf} />
        <FileUpload id="csv" name="csv" label="Practice-size CSV file" labelSize="s" accept=".csv,text/csv" error={actionData?.fieldErrors.csv} />
        <Button preventDoubleClick>Import list sizes</Button>
      </Form>
      {report && (report.unknown.length > 0 || report.rowErrors.length > 0) ? (
        <>
          <h2>Rows not imported</h2>
          <SummaryList
            rows={[
              ...(report.unknown.length > 0 ? [{ key: "Practices not in the catalogue", value: report.unknown.join(", ") }] : []),
              ...(report.rowErrors.length > 0 ? [{ key: "Rows with problems", value: <ul>{report.rowErrors.map((e) => <li key={e}>{e}</li>)}</ul> }] : []),
              ...(report.moreErrors > 0 ? [{ key: "More", value: `${report.moreErrors} more not shown` }] : []),
            ]}
          />
        </>
      ) : null}
    </div>
  );
}
