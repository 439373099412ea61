import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink, Table, Tag } from "~/components/nhs";
import { listSwitches } from "~/modules/switching/switching.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Switching" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "switch", action: "read" });
  const switches = await listSwitches(db(), actor);
  return json({
    incoming: switches.filter((s) => s.party === "INCOMING_SUPPLIER"),
    outgoing: switches.filter((s) => s.party === "OUTGOING_SUPPLIER"),
  });
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["incoming"][number];

function SwitchTable({ caption, rows, empty }: { caption: string; rows: Row[]; empty: string }) {
  if (rows.length === 0) {
    return (
      <>
        <h2>{caption}</h2>
        <p>{empty}</p>
      </>
    );
  }
  return (
    <Table
      caption={caption}
      firstCellIsHeader
      head={[{ label: "Buyer" }, { label: "From" }, { label: "To" }, { label: "Switch date" }, { label: "Next task" }]}
      rows={rows.map((s) => [
        <AppLink key="buyer" href={`/supplier/switches/${s.id}`}>
          {s.buyer}
        </AppLink>,
        `${s.outgoing.solution} (${s.outgoing.supplier})`,
        `${s.incoming.solution} (${s.incoming.supplier})`,
        s.switchDate,
        s.next ? (
          <span key="next">
            {s.next.title} ({s.next.owner}), by {s.next.dueOn} {s.next.overdue ? <Tag colour="red">Overdue</Tag> : null}
          </span>
        ) : (
          <Tag key="next" colour={s.status === "LIVE" ? "green" : "grey"}>
            {s.statusText}
          </Tag>
        ),
      ])}
    />
  );
}

export default function SupplierSwitches() {
  const { incoming, outgoing } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Switching</h1>
      <p>Buyers switching to or from your Catalogue Solutions, and the switching plan tasks you own: the data extract when a buyer leaves, the migration and go-live when one joins.</p>
      <SwitchTable caption="Buyers switching to your solutions" rows={incoming} empty="No buyer is switching to your solutions at the moment." />
      <SwitchTable caption="Buyers switching away from your solutions" rows={outgoing} empty="No buyer is switching away from your solutions at the moment." />
    </>
  );
}
