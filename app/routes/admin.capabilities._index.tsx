import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { REFERENCE_LABELS } from "~/components/admin/labels";
import { AppLink, ButtonLink, Table, Tag } from "~/components/nhs";
import { listCapabilities } from "~/modules/admin/capabilities.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Capabilities and epics" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "capability", action: "manage" });
  return json({ capabilities: await listCapabilities(db(), actor) });
}

export default function Capabilities() {
  const { capabilities } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Capabilities and epics</h1>
      <p>What a Catalogue Solution can be assessed against. An expired capability or epic stays on the listings that passed it, labelled expired, and cannot be claimed again.</p>
      <ButtonLink href="/admin/capabilities/new">Add a capability</ButtonLink>
      <Table
        caption={`${capabilities.length} capabilities`}
        head={[{ label: "Capability" }, { label: "Category" }, { label: "Status" }, { label: "Epics", numeric: true }]}
        rows={capabilities.map((c) => [
          <AppLink key="name" href={`/admin/capabilities/${c.id}`}>
            {c.id} {c.name}
          </AppLink>,
          c.category,
          <Tag key="status" colour={REFERENCE_LABELS[c.status].colour}>
            {REFERENCE_LABELS[c.status].text}
          </Tag>,
          c.epics,
        ])}
      />
    </>
  );
}
