import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { EvidenceFileInput } from "~/components/assurance/EvidenceFileInput";
import { RevisionFields } from "~/components/listings/RevisionForm";
import { AppLink, BackLink, Button, DateInput, ErrorSummary, InsetText, TextInput } from "~/components/nhs";
import { getStandardsForEditing, removeStandardDocument, removeStandardEvidence, saveStandardEvidence } from "~/modules/listings/drafts.server";
import { isEditableRevision } from "~/modules/listings/publication-status";
import { validateStandardEvidence, type UploadOutcome } from "~/modules/listings/standards";
import { looksLikePdf, MAX_EVIDENCE_BYTES, uploadStorage } from "~/services/storage/index.server";
import { answerValues, declaredBodyTooLarge, parseUploadForm, readFieldsBeforeFile, UPLOAD_PROBLEMS } from "~/services/storage/multipart.server";
import { formKindOf } from "~/utils/form-body.server";
import { requireActor, type Actor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: (data?: { standard?: { name: string } }) => (data?.standard ? `Evidence for ${data.standard.name}` : "Evidence for a standard") };

const notFound = () => new Response("Not found", { status: 404 });

async function editable(actor: Actor, itemId: string, standardId: string) {
  const listing = await getStandardsForEditing(db(), actor, itemId);
  const standard = listing?.reference.standards.find((s) => s.id === standardId);
  if (!listing || !standard) throw notFound();
  if (!isEditableRevision(listing.revision.status)) throw redirect(`/supplier/listings/${itemId}`);
  return { ...listing, standard, saved: (listing.content.standards ?? []).find((e) => e.standardId === standardId) };
}

type Values = Record<string, string>;

const dateValues = (name: string, date: string | null | undefined): Values => {
  const [year = "", month = "", day = ""] = date?.split("-") ?? [];
  return { [`${name}-day`]: day ? String(Number(day)) : "", [`${name}-month`]: month ? String(Number(month)) : "", [`${name}-year`]: year };
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "listing", action: "editDraft" });
  const { item, revision, content, standard, saved } = await editable(actor, params.itemId!, params.standardId!);
  return json({
    itemId: item.id,
    name: content.name,
    standard: { id: standard.id, name: standard.name, required: standard.isOverarching, url: standard.url },
    revision: { id: revision.id, version: revision.version },
    document: saved?.document ?? null,
    values: {
      certificateNumber: saved?.certificateNumber ?? "",
      keepDocumentId: saved?.document?.id ?? "",
      ...dateValues("assuredOn", saved?.assuredOn),
      ...dateValues("expiresOn", saved?.expiresOn),
    } as Values,
    canRemove: Boolean(saved) && !standard.isOverarching,
    // The document can go while a certificate number remains: the evidence is never left empty.
    canRemoveDocument: Boolean(saved?.document && saved.certificateNumber),
  });
}

// The page's order: the file input comes last, so browsers send the text answers before it.
const FIELD_ORDER = ["standard", "save", "certificateNumber", "assuredOn", "expiresOn", "document"];
const ANSWER_NAMES = ["certificateNumber", "keepDocumentId", ...["assuredOn", "expiresOn"].flatMap((d) => [`${d}-day`, `${d}-month`, `${d}-year`])];
const TOO_LARGE = "The selected file must be smaller than 10 MB";

const answersFrom = (fields: FormData): Values => answerValues(fields, ANSWER_NAMES);

function failure(errors: Values, values: Values, status = 400, reselect = false) {
  return json(
    { errors: FIELD_ORDER.filter((k) => errors[k]).map((k) => ({ fieldId: k, message: errors[k] })), fieldErrors: errors, values, reselect },
    { status, headers: status === 413 ? { Connection: "close" } : undefined },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  // The guard reads a multipart form only as far as its CSRF token, never the file.
  const actor = await requireActor(request, { entity: "listing", action: "editDraft" }, { acceptsFiles: true });
  const multipart = formKindOf(request) === "multipart";
  // A 50 MB upload is refused without its file being read; the answers sent before the file
  // are read back, only to show them again (nothing is saved).
  if (multipart && declaredBodyTooLarge(request, MAX_EVIDENCE_BYTES)) return failure({ document: TOO_LARGE }, answersFrom(await readFieldsBeforeFile(request)), 413);
  const { item, standard, saved, reference } = await editable(actor, params.itemId!, params.standardId!);
  const overview = redirect(`/supplier/listings/${item.id}/standards`);

  if (!multipart) {
    const form = await request.formData();
    const intent = form.get("intent");
    const ref = { itemId: item.id, revisionId: String(form.get("revisionId") ?? ""), version: Number(form.get("version")) };
    if (intent === "removeDocument") {
      const removed = await removeStandardDocument(db(), actor, ref, standard.id);
      if (!removed.ok && removed.reason === "not-found") throw notFound();
      if (!removed.ok) return failure({ [removed.reason === "refused" ? "document" : "save"]: removed.message }, {}, removed.reason === "refused" ? 400 : 409);
      return overview;
    }
    if (intent !== "remove" || standard.isOverarching) throw notFound();
    const removed = await removeStandardEvidence(db(), actor, ref, standard.id);
    if (!removed.ok && removed.reason === "not-found") throw notFound();
    if (!removed.ok) return failure({ save: removed.message }, {}, 409);
    return overview;
  }

  const form = await parseUploadForm(request, "document", MAX_EVIDENCE_BYTES);
  const { fields } = form;
  const values = answersFrom(fields);
  if (!form.ok) return failure({ document: form.reason === "too-large" ? TOO_LARGE : UPLOAD_PROBLEMS[form.reason] }, values, form.reason === "too-large" ? 413 : 400);
  const { file } = form;
  const text = (name: string) => String(fields.get(name) ?? "");
  const part = (name: string) => ({ day: text(`${name}-day`), month: text(`${name}-month`), year: text(`${name}-year`) });
  const stored = file?.result.ok ? file.result : null;
  const upload: UploadOutcome = !file ? "none" : stored ? (looksLikePdf(stored.head) ? "stored" : "not-pdf") : file.result.ok === false && file.result.reason === "too-large" ? "too-large" : "none";
  const discard = async () => {
    if (stored) await uploadStorage().remove(stored.key);
  };

  const checked = validateStandardEvidence(
    { standardId: standard.id, certificateNumber: text("certificateNumber"), assuredOn: part("assuredOn"), expiresOn: part("expiresOn"), keepDocumentId: text("keepDocumentId"), upload },
    saved,
    reference.standards,
  );
  if (!checked.ok) {
    await discard();
    // A document kept from before stays (a refused replacement does not drop it); one that is not this standard's is not shown.
    return failure(checked.errors, values, 400, upload === "stored");
  }
  const ref = { itemId: item.id, revisionId: text("revisionId"), version: Number(text("version")) };
  const result = await saveStandardEvidence(db(), actor, ref, {
    entry: checked.entry,
    keepDocument: checked.keepDocument,
    upload: upload === "stored" && stored ? { stored, fileName: file!.name } : null,
  }).catch(async (error: unknown) => {
    await discard();
    throw error;
  });
  if (!result.ok) {
    await discard();
    if (result.reason === "not-found") throw notFound();
    return failure({ save: result.message }, values, 409, upload === "stored");
  }
  return overview;
}

export default function StandardEvidencePage() {
  const { itemId, name, standard, revision, document, values: saved, canRemove, canRemoveDocument } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values: Values = actionData && Object.keys(actionData.values).length > 0 ? actionData.values : saved;
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  const date = (field: string) => ({ day: values[`${field}-day`], month: values[`${field}-month`], year: values[`${field}-year`] });
  const keptDocument = document && values.keepDocumentId === document.id ? document : null;
  const hidden = <RevisionFields revision={revision} />;
  return (
    <>
      <BackLink href={`/supplier/listings/${itemId}/standards`}>Back to standards and evidence</BackLink>
      <ErrorSummary errors={actionData?.errors ?? []} />
      <span className="mb-2 block text-19 text-text-secondary">{name}</span>
      <h1>
        {standard.id} {standard.name}
      </h1>
      <p>
        {standard.required ? "Every Catalogue Solution must meet this overarching standard." : "Give evidence if your solution meets this standard."} Give the certificate number, upload a PDF
        of the evidence, or both.
        {standard.url ? (
          <>
            {" "}
            <AppLink href={standard.url}>Read the standard</AppLink>.
          </>
        ) : null}
      </p>
      {actionData?.reselect ? (
        <InsetText>
          <p>Your document was not saved because of the problems above. Select it again.</p>
        </InsetText>
      ) : null}
      <Form method="post" encType="multipart/form-data" noValidate>
        {hidden}
        <span id="save" />
        <span id="standard" />
        <TextInput id="certificateNumber" name="certificateNumber" label="Certificate number" hint="Leave empty if you upload a document instead." width={20} defaultValue={values.certificateNumber} error={errors.certificateNumber} />
        <DateInput id="assuredOn" name="assuredOn" label="Assured on" hint="For example, 15 3 2026" defaultValue={date("assuredOn")} error={errors.assuredOn} />
        <DateInput id="expiresOn" name="expiresOn" label="Expires on" hint="For example, 30 6 2027" defaultValue={date("expiresOn")} error={errors.expiresOn} />
        {/* Last, so the answers above reach the server before the file: a refused upload keeps them. */}
        <EvidenceFileInput id="document" label={keptDocument ? "Replace the evidence document (PDF)" : "Evidence document (PDF)"} error={errors.document}>
          {keptDocument ? (
            <p>
              Current document:{" "}
              <AppLink href={`/supplier/evidence/${keptDocument.id}/file`} reloadDocument className="break-all">
                {keptDocument.fileName}
              </AppLink>
              <input type="hidden" name="keepDocumentId" value={keptDocument.id} />
            </p>
          ) : null}
        </EvidenceFileInput>
        <Button preventDoubleClick>Save evidence</Button>
      </Form>
      {canRemoveDocument ? (
        <Form method="post">
          {hidden}
          <p>To rely on the certificate number alone, remove the saved document.</p>
          <Button name="intent" value="removeDocument" variant="secondary">
            Remove document
          </Button>
        </Form>
      ) : null}
      {canRemove ? (
        <Form method="post">
          {hidden}
          <Button name="intent" value="remove" variant="secondary">
            Remove this standard
          </Button>
        </Form>
      ) : null}
    </>
  );
}
