import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { KIND_LABELS, PUBLICATION_LABELS, REVISION_LABELS } from "~/components/listings/labels";
import { AppLink, BackLink, Button, ButtonLink, ErrorSummary, InsetText, NotificationBanner, Tag, TaskList } from "~/components/nhs";
import { isMandatory, isSectionComplete, sectionGroups, SECTION_TITLES, type SectionKey } from "~/modules/listings/content";
import { getListingForEditing, requiredStandardIds, startDraft, submitRevision, withdrawRevision } from "~/modules/listings/drafts.server";
import { isEditableRevision } from "~/modules/listings/publication-status";
import { readReviewComments } from "~/modules/reviews/reviews.server";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: (data?: { name?: string }) => (data?.name ? `${data.name}: your listing` : "Your listing") };

const notFound = () => new Response("Not found", { status: 404 });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "listing", action: "read" });
  const listing = await getListingForEditing(db(), actor, params.itemId!);
  if (!listing) throw notFound();
  const { item, revision, content } = listing;
  const comments = readReviewComments(revision?.reviewComments);
  const required = item.kind === "SOLUTION" ? await requiredStandardIds(db()) : [];
  return json({
    name: item.name,
    item: { id: item.id, kind: item.kind, publicationStatus: item.publicationStatus, published: Boolean(item.publishedRevisionId) },
    revision: revision ? { id: revision.id, status: revision.status, version: revision.version, number: revision.number } : null,
    groups: content
      ? sectionGroups(item.kind).map((group) => ({
          heading: group.heading,
          tasks: group.sections.map((section) => ({
            section,
            complete: isSectionComplete(content, section, required),
            mandatory: isMandatory(item.kind, section),
            comment: revision?.status === "CHANGES_REQUESTED" ? comments.sections?.[section] ?? null : null,
          })),
        }))
      : [],
    comments: revision?.status === "CHANGES_REQUESTED" ? comments : null,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "listing", action: "editDraft" });
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const itemId = params.itemId!;
  if (intent === "startDraft") {
    const started = await startDraft(db(), actor, itemId);
    if (!started.ok) throw notFound();
    return redirect(`/supplier/listings/${itemId}`);
  }
  const ref = { itemId, revisionId: String(form.get("revisionId") ?? ""), version: Number(form.get("version")) };
  const result = intent === "submit" ? await submitRevision(db(), actor, ref) : intent === "withdraw" ? await withdrawRevision(db(), actor, ref) : null;
  if (!result) return json({ errors: [{ fieldId: "tasks", message: "Choose what to do with this revision" }] }, { status: 400 });
  if (!result.ok && result.reason === "not-found") throw notFound();
  if (!result.ok) {
    const errors = result.missing
      ? result.missing.map((title) => ({ fieldId: "tasks", message: `Complete the section "${title}"` }))
      : [{ fieldId: "tasks", message: result.message }];
    return json({ errors }, { status: result.reason === "stale" ? 409 : 400 });
  }
  return redirect(`/supplier/listings/${itemId}?done=${intent === "submit" ? "submitted" : "withdrawn"}`);
}

const DONE_MESSAGES: Record<string, string> = {
  submitted: "Your revision was submitted for review. Commercial staff will approve it or ask for changes.",
  withdrawn: "Your revision was withdrawn from review. You can change it and submit it again.",
};

export default function ListingTasks() {
  const { name, item, revision, groups, comments } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  const done = DONE_MESSAGES[params.get("done") ?? ""];
  const editable = revision ? isEditableRevision(revision.status) : false;
  const publication = PUBLICATION_LABELS[item.publicationStatus];
  const allComplete = groups.every((g) => g.tasks.every((t) => !t.mandatory || t.complete));

  return (
    <>
      <BackLink href="/supplier/listings">Back to your listings</BackLink>
      <ErrorSummary errors={actionData?.errors ?? []} />
      {done ? <NotificationBanner type="success">{done}</NotificationBanner> : null}
      <span className="mb-2 block text-19 text-text-secondary">
        {KIND_LABELS[item.kind]} {item.id}
      </span>
      <h1>{name}</h1>
      <p>
        <Tag colour={publication.colour}>{publication.text}</Tag>{" "}
        {revision ? <Tag colour={REVISION_LABELS[revision.status].colour}>{REVISION_LABELS[revision.status].text}</Tag> : null}
      </p>

      {comments ? (
        <NotificationBanner title="Changes requested">
          <p>Commercial staff asked for these changes:</p>
          <ul>
            {comments.comments.map((comment) => (
              <li key={comment}>{comment}</li>
            ))}
          </ul>
        </NotificationBanner>
      ) : null}

      {!revision ? (
        <>
          <p>{item.published ? "Buyers see the approved version of this listing. To change it, start a draft revision: buyers keep seeing the approved version until commercial staff approve your changes." : "This listing has no open revision."}</p>
          <Form method="post">
            <input type="hidden" name="csrf" value={csrf} />
            <Button name="intent" value="startDraft">
              Edit this listing
            </Button>
          </Form>
        </>
      ) : null}

      {revision?.status === "SUBMITTED" ? (
        <InsetText>
          <p>This revision is with commercial staff for review. You cannot change it while it is being reviewed; withdraw it first if you need to.</p>
        </InsetText>
      ) : null}

      {revision ? (
        <div id="tasks" tabIndex={-1}>
          <TaskList
            sections={groups.map((group) => ({
              heading: group.heading,
              tasks: group.tasks.map((task) => ({
                name: SECTION_TITLES[task.section as SectionKey],
                href: editable ? `/supplier/listings/${item.id}/${task.section}` : undefined,
                status: task.complete ? "Completed" : "Incomplete",
                hint: task.comment ? `Changes requested: ${task.comment}` : task.mandatory ? undefined : "Optional",
              })),
            }))}
          />
          <p>
            <AppLink href={`/supplier/listings/${item.id}/preview`}>Preview the listing as buyers will see it</AppLink>
          </p>
          <Form method="post">
            <input type="hidden" name="csrf" value={csrf} />
            <input type="hidden" name="revisionId" value={revision.id} />
            <input type="hidden" name="version" value={revision.version} />
            {editable ? (
              <>
                {!allComplete ? <p>Complete every section that is not marked optional before you submit.</p> : null}
                <Button name="intent" value="submit" preventDoubleClick>
                  Submit for review
                </Button>
              </>
            ) : null}
            {revision.status === "SUBMITTED" ? (
              <Button name="intent" value="withdraw" variant="secondary">
                Withdraw from review
              </Button>
            ) : null}
          </Form>
        </div>
      ) : null}
      {item.published ? <ButtonLink href={`/supplier/listings/${item.id}/preview?version=published`} variant="secondary">See the published version</ButtonLink> : null}
    </>
  );
}
