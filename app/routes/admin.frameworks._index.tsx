import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { FRAMEWORK_LABELS, count } from "~/components/admin/labels";
import { AppLink, Table, Tag } from "~/components/nhs";
import { listFrameworks } from "~/modules/admin/frameworks.server";
import { formatNhsDate } from "~/modules/dates";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Frameworks" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "framework", action: "manage" });
  return json({ frameworks: await listFrameworks(db(), actor) });
}

export default function Frameworks() {
  const { frameworks } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Frameworks</h1>
      <p>Only live frameworks take new call-off orders. Expired frameworks stay visible, labelled as expired; their contracts run to their end dates.</p>
      <p>
        <AppLink href="/admin/standards">Standards</AppLink> · <AppLink href="/admin/organisations">Buyer organisations</AppLink>
      </p>
      <Table
        caption="Frameworks"
        head={[{ label: "Framework" }, { label: "Owner" }, { label: "Dates" }, { label: "Solutions", numeric: true }, { label: "Live contracts", numeric: true }, { label: "Status" }]}
        rows={frameworks.map((f) => [
          <span key="name">
            <AppLink href={`/admin/frameworks/${f.id}`}>{f.name}</AppLink>
            <span className="block text-16 text-text-secondary">{f.id}</span>
          </span>,
          f.owner,
          `${f.startsOn ? formatNhsDate(f.startsOn) : "No start date"} to ${f.endsOn ? formatNhsDate(f.endsOn) : "no end date"}`,
          count(f.solutions),
          count(f.liveContracts),
          <Tag key="status" colour={FRAMEWORK_LABELS[f.status].colour}>
            {FRAMEWORK_LABELS[f.status].text}
          </Tag>,
        ])}
      />
    </>
  );
}
