import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink, Table } from "~/components/nhs";
import { listStandards } from "~/modules/admin/standards.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Standards" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "standard", action: "manage" });
  return json({ standards: await listStandards(db(), actor) });
}

export default function Standards() {
  const { standards } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Standards</h1>
      <p>Overarching standards apply to every Catalogue Solution. Standards that expire on a cycle are checked every day: suppliers are told inside the warning window, and a lapse reaches the lapse queue.</p>
      <Table
        caption="Standards"
        head={[{ label: "Standard" }, { label: "Overarching" }, { label: "Expires" }, { label: "Warning window", numeric: true }, { label: "Safety or security critical" }]}
        rows={standards.map((s) => [
          <AppLink key="name" href={`/admin/standards/${s.id}`}>
            {s.id} {s.name}
          </AppLink>,
          s.isOverarching ? "Yes" : "No",
          s.expiresOnCycle ? `Every ${s.cycleMonths} months${s.annualDeadline ? ` (deadline ${s.annualDeadline})` : ""}` : "Does not expire",
          `${s.warningWindowDays} days`,
          s.safetyCritical ? "Yes" : "No",
        ])}
      />
    </>
  );
}
