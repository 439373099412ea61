import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { KIND_LABELS, REVISION_LABELS } from "~/components/listings/labels";
import { BackLink, Button, ErrorSummary, Table, Tag, Textarea, WarningCallout } from "~/components/nhs";
import { cx } from "~/components/nhs/cx";
import { sectionsFor, type SectionKey } from "~/modules/listings/content";
import { type StandardEvidenceDiff } from "~/modules/listings/standards";
import { formatNhsDate, type DateOnly } from "~/modules/dates";
import { approveRevision } from "~/modules/listings/publication.server";
import { getReview, requestChanges } from "~/modules/reviews/reviews.server";
import { useCsrfToken } from "~/root";
import { forbidden, requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { can } from "~/utils/permissions";

export const handle = { title: (data?: { name?: string }) => (data?.name ? `Review ${data.name}` : "Review a revision") };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "listing", action: "review" });
  const review = await getReview(db(), actor, params.revisionId!);
  if (!review) throw new Response("Not found", { status: 404 });
  const { revision, diff, live, missing, standards } = review;
  const item = revision.catalogueItem;
  return json({
    name: review.content.name,
    item: { id: item.id, kind: item.kind, supplier: item.supplier.name, isNew: !live },
    revision: { id: revision.id, number: revision.number, status: revision.status, version: revision.version, author: revision.createdBy?.name ?? null, submittedAt: revision.submittedAt },
    diff,
    missing,
    standards,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "listing", action: "review" });
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const version = Number(form.get("version"));
  const revisionId = params.revisionId!;
  if (intent === "approve") {
    const result = await approveRevision(db(), actor, revisionId, version);
    if (result.ok) return redirect("/admin/reviews?done=approved");
    if (result.reason === "not-found") throw new Response("Not found", { status: 404 });
    const errors = result.missing ? result.missing.map((title) => ({ fieldId: "approve", message: `${result.message}: ${title} is missing` })) : [{ fieldId: "approve", message: result.message }];
    return json({ errors, fieldErrors: {} as Record<string, string>, values: {} as Record<string, string> }, { status: result.reason === "stale" ? 409 : 400 });
  }
  if (!can(actor.role, "requestChanges", "listing")) throw forbidden();
  const sections: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (key.startsWith("comment-") && typeof value === "string") sections[key.slice(8)] = value.slice(0, 2000);
  const result = await requestChanges(db(), actor, { revisionId, version, sections });
  if (result.ok) return redirect("/admin/reviews?done=changes");
  if (result.reason === "not-found") throw new Response("Not found", { status: 404 });
  const fieldId = result.reason === "invalid" ? "comment-general" : "approve";
  return json({ errors: [{ fieldId, message: result.message }], fieldErrors: { [fieldId]: result.message }, values: sections }, { status: result.reason === "stale" ? 409 : 400 });
}

type EvidenceView = NonNullable<StandardEvidenceDiff["live"]> | { certificateNumber: string | null; document: { id: string; fileName: string } | null; assuredOn: string; expiresOn: string | null };

function Evidence({ evidence }: { evidence: EvidenceView | null }) {
  if (!evidence) return <span className="text-text-secondary">None</span>;
  return (
    <>
      {evidence.certificateNumber ? <span className="block">Certificate {evidence.certificateNumber}</span> : null}
      {evidence.document ? (
        <span className="block break-all">
          Document:{" "}
          <a href={`/admin/evidence/${evidence.document.id}/file`} download>
            {evidence.document.fileName}
          </a>
        </span>
      ) : null}
      <span className="block">
        Assured {formatNhsDate(evidence.assuredOn as DateOnly)}, {evidence.expiresOn ? `expires ${formatNhsDate(evidence.expiresOn as DateOnly)}` : "no expiry date"}
      </span>
    </>
  );
}

const CHANGE_TAGS = {
  added: { text: "Added", colour: "green" },
  changed: { text: "Changed", colour: "orange" },
  removed: { text: "Removed", colour: "red" },
  unchanged: { text: "No change", colour: "grey" },
} as const;

export default function ReviewRevision() {
  const { name, item, revision, diff, missing, standards } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const values: Record<string, string> = actionData?.values ?? {};
  const fieldErrors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  const submitted = revision.status === "SUBMITTED";
  return (
    <>
      <BackLink href="/admin/reviews">Back to the review queue</BackLink>
      <ErrorSummary errors={actionData?.errors ?? []} />
      <span className="mb-2 block text-19 text-text-secondary">
        {item.supplier}: {KIND_LABELS[item.kind]} {item.id}
      </span>
      <h1>Review {name}</h1>
      <p>
        Revision {revision.number} <Tag colour={REVISION_LABELS[revision.status].colour}>{REVISION_LABELS[revision.status].text}</Tag>
        {revision.author ? ` by ${revision.author}` : null}. {item.isNew ? "This is a new listing: nothing is live yet." : "Changed sections are marked; added lines are highlighted green, removed ones red."}
      </p>
      {missing.length > 0 ? (
        <WarningCallout heading="Required sections missing">
          <p>This listing cannot be approved until these sections are complete:</p>
          <ul>
            {missing.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </WarningCallout>
      ) : null}

      {diff.map((section) => section.section === "standards" ? (
        <section key={section.section} aria-labelledby="section-standards" className="mb-8 border-t border-grey-4 pt-4">
          <h2 id="section-standards" className="text-22">
            {section.title} {section.changed ? <Tag colour="orange">Changed</Tag> : <Tag colour="grey">No change</Tag>}
          </h2>
          <p>Approving turns the added and changed evidence into the solution&apos;s assurance records, and removes the records of optional standards the supplier removed.</p>
          <Table
            caption="Evidence per standard"
            head={[{ label: "Standard" }, { label: "Live now" }, { label: "In this revision" }]}
            rows={standards.map((s) => [
              <span key="standard">
                {s.standardId} {s.name}
                {s.required ? <span className="block text-text-secondary">Required</span> : null}{" "}
                <Tag colour={!s.revision && s.required ? "red" : CHANGE_TAGS[s.change].colour}>{!s.revision && s.required ? "Missing" : CHANGE_TAGS[s.change].text}</Tag>
              </span>,
              <div key="live" className={cx("p-1", (s.change === "changed" || s.change === "removed") && "bg-red-pale")}>
                <Evidence evidence={s.live} />
              </div>,
              <div key="revision" className={cx("p-1", (s.change === "changed" || s.change === "added") && "bg-green-pale")}>
                <Evidence evidence={s.revision} />
              </div>,
            ])}
          />
        </section>
      ) : (
        <section key={section.section} aria-labelledby={`section-${section.section}`} className="mb-8 border-t border-grey-4 pt-4">
          <h2 id={`section-${section.section}`} className="text-22">
            {section.title} {section.changed ? <Tag colour="orange">Changed</Tag> : <Tag colour="grey">No change</Tag>}
          </h2>
          <div className="grid gap-x-8 tablet:grid-cols-2">
            <div>
              <h3 className="text-19">Live now</h3>
              {section.live.length === 0 ? <p className="text-text-secondary">{item.isNew ? "Not published yet" : "Nothing"}</p> : null}
              <ul className="list-none p-0">
                {section.live.map((line, i) => (
                  <li key={i} className={cx("mb-2 whitespace-pre-line break-words p-1", line.removed && section.changed && "bg-red-pale")}>
                    {line.removed && section.changed ? <span className="font-bold">Removed: </span> : null}
                    {line.text}
                  </li>
                ))}
              </ul>
            </div>
            <div>
              <h3 className="text-19">In this revision</h3>
              {section.revision.length === 0 ? <p className="text-text-secondary">Nothing</p> : null}
              <ul className="list-none p-0">
                {section.revision.map((line, i) => (
                  <li key={i} className={cx("mb-2 whitespace-pre-line break-words p-1", line.added && section.changed && "bg-green-pale")}>
                    {line.added && section.changed ? <span className="font-bold">Added: </span> : null}
                    {line.text}
                  </li>
                ))}
              </ul>
            </div>
          </div>
        </section>
      ))}

      {submitted ? (
        <div className="grid gap-x-8 desktop:grid-cols-2">
          <Form method="post" noValidate>
            <input type="hidden" name="csrf" value={csrf} />
            <input type="hidden" name="version" value={revision.version} />
            <h2 id="approve" tabIndex={-1}>Approve and publish</h2>
            <p>Buyers will see exactly this revision straight away.</p>
            <Button name="intent" value="approve" preventDoubleClick>
              Approve and publish
            </Button>
          </Form>
          <Form method="post" noValidate>
            <input type="hidden" name="csrf" value={csrf} />
            <input type="hidden" name="version" value={revision.version} />
            <h2>Request changes</h2>
            <Textarea id="comment-general" name="comment-general" label="General comments" rows={3} defaultValue={values.general} error={fieldErrors["comment-general"]} />
            {sectionsFor(item.kind as "SOLUTION").map((key: SectionKey) => {
              const title = diff.find((d) => d.section === key)?.title ?? key;
              return <Textarea key={key} id={`comment-${key}`} name={`comment-${key}`} label={`${title} (optional)`} rows={2} defaultValue={values[key]} />;
            })}
            <Button name="intent" value="requestChanges" variant="secondary">
              Request changes
            </Button>
          </Form>
        </div>
      ) : (
        <p>This revision is no longer waiting for review.</p>
      )}
    </>
  );
}
