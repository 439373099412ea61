import type { LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ReviewerComment } from "~/components/listings/RevisionForm";
import { AppLink, BackLink, Details, InsetText, Table, Tag, VisuallyHidden } from "~/components/nhs";
import { getStandardsForEditing } from "~/modules/listings/drafts.server";
import { isEditableRevision } from "~/modules/listings/publication-status";
import { describeStandardEvidence, missingStandards, suggestedStandardIds } from "~/modules/listings/standards";
import { readReviewComments } from "~/modules/reviews/reviews.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: (data?: { name?: string }) => (data?.name ? `Standards and evidence: ${data.name}` : "Standards and evidence") };

/** The section's overview: every overarching standard (required) and the others the supplier chose or should consider. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "listing", action: "editDraft" });
  const listing = await getStandardsForEditing(db(), actor, params.itemId!);
  if (!listing) throw new Response("Not found", { status: 404 });
  const { item, revision, content, reference } = listing;
  if (!isEditableRevision(revision.status)) throw redirect(`/supplier/listings/${item.id}`);
  const entries = new Map((content.standards ?? []).map((e) => [e.standardId, e]));
  const suggested = new Set(suggestedStandardIds(content.integrations, reference.integrationTypes));
  const row = (s: (typeof reference.standards)[number]) => {
    const entry = entries.get(s.id);
    return { id: s.id, name: s.name, evidence: entry ? describeStandardEvidence(entry).split("; ") : null, suggested: suggested.has(s.id) };
  };
  const others = reference.standards.filter((s) => !s.isOverarching);
  return json({
    itemId: item.id,
    name: content.name,
    comment: readReviewComments(revision.reviewComments).sections?.standards ?? null,
    missing: missingStandards(content.standards, reference.requiredStandardIds).length,
    required: reference.standards.filter((s) => s.isOverarching).map(row),
    chosen: others.filter((s) => entries.has(s.id) || suggested.has(s.id)).map(row),
    more: others.filter((s) => !entries.has(s.id) && !suggested.has(s.id)).map(row),
  });
}

type Row = { id: string; name: string; evidence: string[] | null; suggested: boolean };

function EvidenceSummary({ evidence }: { evidence: Row["evidence"] }) {
  if (!evidence) return <Tag colour="grey">Not given</Tag>;
  return (
    <>
      {evidence.map((line) => (
        <span key={line} className="block break-words">
          {line}
        </span>
      ))}
    </>
  );
}

export default function StandardsSection() {
  const { itemId, name, comment, missing, required, chosen, more } = useLoaderData<typeof loader>();
  const rows = (standards: Row[]) =>
    standards.map((s) => [
      <span key="name">
        {s.id} {s.name}
        {s.suggested && !s.evidence ? <span className="block text-text-secondary">Suggested for the integrations you claim</span> : null}
      </span>,
      <EvidenceSummary key="evidence" evidence={s.evidence} />,
      <AppLink key="action" href={`/supplier/listings/${itemId}/standards/${s.id}`}>
        {s.evidence ? "Change" : "Add evidence"}
        <VisuallyHidden> for {s.name}</VisuallyHidden>
      </AppLink>,
    ]);
  return (
    <>
      <BackLink href={`/supplier/listings/${itemId}`}>Back to the task list</BackLink>
      <span className="mb-2 block text-19 text-text-secondary">{name}</span>
      <h1>Standards and evidence</h1>
      <ReviewerComment comment={comment} />
      <p>
        Every Catalogue Solution must meet the overarching standards. For each standard, give the certificate number or upload a PDF of the evidence (or both), and the dates it was assured and
        expires. Commercial staff check the evidence when they review your revision; once approved, buyers see the standards on your solution&apos;s page.
      </p>
      {missing > 0 ? (
        <InsetText>
          <p>
            {missing} required {missing === 1 ? "standard has" : "standards have"} no evidence yet. You cannot submit this revision until every overarching standard has evidence.
          </p>
        </InsetText>
      ) : null}
      <Table caption="Overarching standards (required)" head={[{ label: "Standard" }, { label: "Evidence" }, { label: "Action" }]} rows={rows(required)} />
      <Table
        caption="Other standards"
        head={[{ label: "Standard" }, { label: "Evidence" }, { label: "Action" }]}
        rows={chosen.length > 0 ? rows(chosen) : [[<span key="none">You have not added any other standards.</span>, "", ""]]}
      />
      {more.length > 0 ? (
        <Details summary="Add evidence for another standard">
          <ul>
            {more.map((s) => (
              <li key={s.id}>
                <AppLink href={`/supplier/listings/${itemId}/standards/${s.id}`}>
                  {s.id} {s.name}
                </AppLink>
              </li>
            ))}
          </ul>
        </Details>
      ) : null}
      <p>
        <AppLink href={`/supplier/listings/${itemId}`}>Return to the task list</AppLink>
      </p>
    </>
  );
}
