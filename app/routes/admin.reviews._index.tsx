import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { KIND_LABELS } from "~/components/listings/labels";
import { AppLink, NotificationBanner, Table, Tag } from "~/components/nhs";
import { londonDateOf, londonToday } from "~/modules/dates";
import { REVIEW_TARGET_WORKING_DAYS, waitingFor } from "~/modules/reviews/review-rules";
import { reviewQueue } from "~/modules/reviews/reviews.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Review queue" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "listing", action: "review" });
  const today = londonToday();
  const queue = await reviewQueue(db(), actor);
  return json({
    queue: queue.map((r) => ({
      id: r.id,
      number: r.number,
      item: r.catalogueItem,
      isNew: r.catalogueItem.publicationStatus === "DRAFT",
      waiting: waitingFor(r.submittedAt ? londonDateOf(r.submittedAt) : today, today),
    })),
  });
}

const DONE: Record<string, string> = { approved: "The revision was approved and published.", changes: "The revision was sent back to the supplier with your comments." };

export default function ReviewQueue() {
  const { queue } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const done = DONE[params.get("done") ?? ""];
  return (
    <>
      {done ? <NotificationBanner type="success">{done}</NotificationBanner> : null}
      <h1>Review queue</h1>
      <p>
        Revisions suppliers have submitted, oldest first. Buyers see none of these changes until you approve them. Decide each within {REVIEW_TARGET_WORKING_DAYS} working days; those
        waiting longer are marked.
      </p>
      {queue.length === 0 ? (
        <p>There are no revisions waiting for review.</p>
      ) : (
        <Table
          caption={`${queue.length} ${queue.length === 1 ? "revision" : "revisions"} waiting`}
          head={[{ label: "Listing" }, { label: "Supplier" }, { label: "Change" }, { label: "Waiting", numeric: true }]}
          rows={queue.map((r) => [
            <AppLink key="link" href={`/admin/reviews/${r.id}`}>
              {r.item.name} <span className="block text-16 text-text-secondary">{KIND_LABELS[r.item.kind]} {r.item.id}, revision {r.number}</span>
            </AppLink>,
            r.item.supplier.name,
            r.isNew ? "New listing" : "Change to a live listing",
            <span key="waiting">
              {r.waiting.overdue ? <Tag colour="red">Overdue</Tag> : null}
              <span className={`block${r.waiting.overdue ? " font-bold text-red-dark" : ""}`}>{r.waiting.text}</span>
            </span>,
          ])}
        />
      )}
    </>
  );
}
