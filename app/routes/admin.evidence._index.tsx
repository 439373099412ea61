import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { AppLink, NotificationBanner, Table, Tag } from "~/components/nhs";
import { evidenceQueue } from "~/modules/assurance/evidence.server";
import { formatNhsDate, londonDateOf, londonToday } from "~/modules/dates";
import { REVIEW_TARGET_WORKING_DAYS, waitingFor } from "~/modules/reviews/review-rules";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Assurance evidence to review" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "assurance", action: "acceptEvidence" });
  const queue = await evidenceQueue(db(), actor);
  const today = londonToday();
  return json({
    queue: queue.map((d) => ({
      id: d.id,
      supplier: d.supplier.name,
      standard: d.assuranceRecord?.standard.name ?? "Unknown standard",
      appliesTo: d.assuranceRecord?.catalogueItem?.name ?? "Supplier",
      uploaded: formatNhsDate(londonDateOf(d.createdAt)),
      waiting: waitingFor(londonDateOf(d.createdAt), today),
    })),
  });
}

const DONE: Record<string, string> = { accepted: "The evidence was accepted and the assurance renewed.", rejected: "The evidence was rejected and the supplier told why." };

export default function EvidenceQueue() {
  const { queue } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const done = DONE[params.get("done") ?? ""];
  return (
    <>
      {done ? <NotificationBanner type="success">{done}</NotificationBanner> : null}
      <h1>Assurance evidence to review</h1>
      <p>Decide each within {REVIEW_TARGET_WORKING_DAYS} working days of its upload; evidence waiting longer is marked.</p>
      {queue.length === 0 ? (
        <p>No evidence is waiting for review.</p>
      ) : (
        <Table
          caption={`${queue.length} waiting, oldest first`}
          head={[{ label: "Supplier" }, { label: "Standard" }, { label: "Applies to" }, { label: "Uploaded" }, { label: "Waiting" }]}
          rows={queue.map((d) => [
            <AppLink key="link" href={`/admin/evidence/${d.id}`}>
              {d.supplier}
              <span className="sr-only">: {d.standard}</span>
            </AppLink>,
            d.standard,
            d.appliesTo,
            d.uploaded,
            <span key="waiting">
              {d.waiting.overdue ? <Tag colour="red">Overdue</Tag> : null}
              <span className={`block${d.waiting.overdue ? " font-bold text-red-dark" : ""}`}>{d.waiting.text}</span>
            </span>,
          ])}
        />
      )}
    </>
  );
}
