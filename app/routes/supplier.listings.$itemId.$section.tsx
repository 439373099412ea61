import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ReviewerComment, RevisionFields } from "~/components/listings/RevisionForm";
import { SectionFields } from "~/components/listings/SectionFields";
import { BackLink, Button, ButtonLink, ErrorSummary, SummaryList } from "~/components/nhs";
import {
  describePrice,
  isSectionKey,
  sectionFormValues,
  sectionsFor,
  SECTION_TITLES,
  validateSection,
  type SectionKey,
} from "~/modules/listings/content";
import { editingReference, getListingForEditing, removePrice, saveSection } from "~/modules/listings/drafts.server";
import { isEditableRevision } from "~/modules/listings/publication-status";
import { readReviewComments } from "~/modules/reviews/reviews.server";
import { requireActor, type Actor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues } from "~/utils/forms";

export const handle = { title: (data?: { title?: string }) => data?.title ?? "Edit listing" };

const notFound = () => new Response("Not found", { status: 404 });

async function editable(actor: Actor, itemId: string, section: string) {
  const listing = await getListingForEditing(db(), actor, itemId);
  if (!listing || !listing.revision || !listing.content || !isSectionKey(section) || !sectionsFor(listing.item.kind).includes(section)) throw notFound();
  if (!isEditableRevision(listing.revision.status)) throw redirect(`/supplier/listings/${itemId}`);
  return { ...listing, revision: listing.revision, content: listing.content, section: section as SectionKey };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "listing", action: "editDraft" });
  const { item, revision, content, section } = await editable(actor, params.itemId!, params.section!);
  const { capabilities, integrationTypes, frameworks } = await editingReference(db());
  return json({
    title: `${SECTION_TITLES[section]}: ${content.name}`,
    itemId: item.id,
    name: content.name,
    section,
    revision: { id: revision.id, version: revision.version },
    values: sectionFormValues(section, content),
    comment: readReviewComments(revision.reviewComments).sections?.[section] ?? null,
    prices: section === "prices" ? content.prices.map((p) => ({ id: p.id, ...describePrice(p) })) : [],
    choices: {
      capabilities: section === "capabilities" ? capabilities.map((c) => ({ id: c.id, name: c.name, category: c.category, epics: c.epics.map((e) => ({ id: e.id, name: e.name, level: e.level })) })) : [],
      integrationTypes: section === "integrations" ? integrationTypes.map((t) => ({ id: t.id, name: t.name, group: t.group })) : [],
      frameworks: section === "frameworks" ? frameworks.map((f) => ({ id: f.id, name: f.name })) : [],
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "listing", action: "editDraft" });
  const { item, content, section } = await editable(actor, params.itemId!, params.section!);
  const form = await request.formData();
  const values = formValues(form);
  const ref = { itemId: item.id, revisionId: String(form.get("revisionId") ?? ""), version: Number(form.get("version")) };
  const back = redirect(`/supplier/listings/${item.id}`);

  if (section === "prices") {
    const priceId = String(form.get("remove") ?? "");
    const removed = await removePrice(db(), actor, ref, priceId);
    if (!removed.ok) return json({ errors: [{ fieldId: "prices", message: removed.message }], fieldErrors: {}, values }, { status: removed.reason === "stale" ? 409 : 400 });
    return redirect(`/supplier/listings/${item.id}/prices`);
  }

  const { reference } = await editingReference(db());
  const result = validateSection(section, values, content, reference);
  if (!result.ok) {
    return json({ errors: Object.entries(result.errors).map(([fieldId, message]) => ({ fieldId, message })), fieldErrors: result.errors, values }, { status: 400 });
  }
  const saved = await saveSection(db(), actor, ref, result.patch);
  if (!saved.ok && saved.reason === "not-found") throw notFound();
  if (!saved.ok) return json({ errors: [{ fieldId: "save", message: saved.message }], fieldErrors: {}, values }, { status: 409 });
  return back;
}

export default function SectionPage() {
  const { itemId, name, section, revision, values, comment, prices, choices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const hidden = <RevisionFields revision={revision} />;
  return (
    <>
      <BackLink href={`/supplier/listings/${itemId}`}>Back to the task list</BackLink>
      <ErrorSummary errors={actionData?.errors ?? []} />
      <span className="mb-2 block text-19 text-text-secondary">{name}</span>
      <h1>{SECTION_TITLES[section as SectionKey]}</h1>
      <ReviewerComment comment={comment} />
      {section === "prices" ? (
        <div id="prices" tabIndex={-1}>
          {prices.length === 0 ? <p>You have not added any list prices yet.</p> : null}
          {prices.map((price, index) => (
            <div key={price.id} className="mb-6 border-b border-grey-4 pb-4">
              <h2 className="text-22">List price {index + 1}</h2>
              <SummaryList
                rows={[{ key: "As buyers see it", value: <p>{price.headline}</p>, action: { href: `/supplier/listings/${itemId}/prices/${price.id}`, label: "Change", visuallyHiddenText: `list price ${index + 1}` } },
                  ...(price.tiers.length > 0 ? [{ key: "Tiers", value: <ul className="mb-0">{price.tiers.map((t) => <li key={t}>{t}</li>)}</ul> }] : [])]}
              />
              <Form method="post">
                {hidden}
                <Button name="remove" value={price.id} variant="secondary">
                  Remove list price {index + 1}
                </Button>
              </Form>
            </div>
          ))}
          <ButtonLink href={`/supplier/listings/${itemId}/prices/new`}>Add a list price</ButtonLink>
          <p>
            <a href={`/supplier/listings/${itemId}`}>Return to the task list</a>
          </p>
        </div>
      ) : (
        <Form method="post" noValidate>
          {hidden}
          <span id="save" />
          <SectionFields section={section as SectionKey} values={(actionData?.values as typeof values | undefined) ?? values} errors={actionData?.fieldErrors ?? {}} choices={choices} />
          <Button preventDoubleClick>Save and return to the task list</Button>
        </Form>
      )}
    </>
  );
}
