import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SummaryList, Table, Tag } from "~/components/nhs";
import { switchingDashboard } from "~/modules/switching/switching.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Switching" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "switch", action: "read" });
  return json(await switchingDashboard(db(), actor));
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
/** "2027-01" as "January 2027". */
const monthText = (month: string) => `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;

export default function SwitchingDashboard() {
  const d = useLoaderData<typeof loader>();
  const overdueTotal = d.overdueBySupplier.reduce((n, s) => n + s.count, 0);
  return (
    <>
      <h1>Switching</h1>
      <p>Whether buyers can switch supplier as easily as switching bank: the switches under way, who is holding them up, how long they take, and who wins and loses them.</p>
      <SummaryList
        rows={[
          { key: "Switches in progress", value: String(d.inProgress.length) },
          { key: "Overdue tasks", value: String(overdueTotal) },
          { key: "Median days from request to go-live", value: d.medianDaysToGoLive === null ? "No switch has gone live yet" : `${d.medianDaysToGoLive} days (${d.liveCount} switches live)` },
        ]}
      />
      {d.inProgress.length === 0 ? (
        <>
          <h2>Switches in progress</h2>
          <p>No switch is in progress.</p>
        </>
      ) : (
        <Table
          caption="Switches in progress"
          firstCellIsHeader
          head={[{ label: "Buyer" }, { label: "From" }, { label: "To" }, { label: "Switch date" }, { label: "Status" }, { label: "Next task" }]}
          rows={d.inProgress.map((s) => [
            s.buyer,
            s.from,
            s.to,
            s.switchDate,
            s.statusText,
            <span key="next">
              {s.next ?? "None"} {s.overdue ? <Tag colour="red">Overdue</Tag> : null}
            </span>,
          ])}
        />
      )}
      {d.overdueBySupplier.length === 0 ? (
        <>
          <h2>Overdue tasks by supplier</h2>
          <p>No switching task is overdue.</p>
        </>
      ) : (
        <Table caption="Overdue tasks by supplier" firstCellIsHeader head={[{ label: "Supplier" }, { label: "Overdue tasks", numeric: true }]} rows={d.overdueBySupplier.map((s) => [s.supplier, String(s.count)])} />
      )}
      {d.wonAndLost.length === 0 ? (
        <>
          <h2>Switches won and lost</h2>
          <p>No switch has been scheduled yet.</p>
        </>
      ) : (
        <Table
          caption="Switches won and lost, by supplier and month scheduled"
          firstCellIsHeader
          head={[{ label: "Supplier" }, { label: "Month" }, { label: "Won", numeric: true }, { label: "Lost", numeric: true }]}
          rows={d.wonAndLost.flatMap((s) => [
            ...s.months.map((m) => [s.supplier, monthText(m.month), String(m.won), String(m.lost)]),
            [`${s.supplier}: total`, "All months", String(s.won), String(s.lost)],
          ])}
        />
      )}
    </>
  );
}
