import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { BarChart } from "~/components/charts/BarChart";
import { Button, ButtonLink, Select, Table } from "~/components/nhs";
import { formatNhsDate, type DateOnly } from "~/modules/dates";
import { hhiBand, percent } from "~/modules/reports/concentration";
import { DIMENSION_LABELS, DIMENSIONS, MEASURE_LABELS, MEASURES, type Dimension, type Measure } from "~/modules/reports/dimensions";
import { lapsesByMonth, marketByMonth, marketShare, summarise } from "~/modules/reports/reports.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Market reports" };

function choice<T extends string>(value: string | null, options: readonly T[], fallback: T): T {
  return (options as readonly string[]).includes(value ?? "") ? (value as T) : fallback;
}

const monthLabel = (month: string) => formatNhsDate(month as DateOnly).replace(/^1 /, "");
const shortMonth = (month: string) => monthLabel(month).replace(/ 20(\d\d)$/, " $1");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "report", action: "read" });
  const params = new URL(request.url).searchParams;
  const dimension = choice<Dimension>(params.get("dimension"), DIMENSIONS, "supplier");
  const measure = choice<Measure>(params.get("measure"), MEASURES, "value");
  const [market, share, lapses] = await Promise.all([marketByMonth(db(), actor, { dimension }), marketShare(db(), actor), lapsesByMonth(db(), actor)]);
  const { groups, months } = summarise(market, measure);
  const show = (value: bigint) => (measure === "value" ? `£${value.toLocaleString("en-GB")}` : value.toLocaleString("en-GB"));
  return json({
    dimension,
    measure,
    groups: groups.map(([label, value]) => ({ label, value: Number(value), display: show(value) })),
    months: months.map(([month, value]) => ({ label: shortMonth(month), month: monthLabel(month), value: Number(value), display: show(value) })),
    share: {
      hhi: share.byValue.hhi,
      band: hhiBand(share.byValue.hhi),
      topTwo: percent(share.byValue.topTwoBasisPoints),
      hhiPatients: share.byPatients.hhi,
      topTwoPatients: percent(share.byPatients.topTwoBasisPoints),
      suppliers: share.byValue.shares.map((s) => ({ label: s.supplier, value: s.shareBasisPoints, display: percent(s.shareBasisPoints), pounds: `£${s.value.toLocaleString("en-GB")}` })),
    },
    lapses: lapses.map((l) => ({ label: shortMonth(l.month), month: monthLabel(l.month), value: l.lapses, display: String(l.lapses) })),
  });
}

export default function Reports() {
  const { dimension, measure, groups, months, share, lapses } = useLoaderData<typeof loader>();
  const measureWord = MEASURE_LABELS[measure];
  const query = `dimension=${dimension}&measure=${measure}`;
  const topGroups = groups.slice(0, 12);
  return (
    <>
      <h1>Market reports</h1>
      <Form method="get" className="mb-6 flex flex-wrap items-end gap-4">
        <Select id="dimension" name="dimension" label="By" labelSize="s" defaultValue={dimension} options={DIMENSIONS.map((d) => ({ value: d, label: DIMENSION_LABELS[d] }))} />
        <Select id="measure" name="measure" label="Measure" labelSize="s" defaultValue={measure} options={MEASURES.map((m) => ({ value: m, label: MEASURE_LABELS[m] }))} />
        <Button variant="secondary" className="mb-6">
          Show
        </Button>
      </Form>

      <h2>
        {measureWord} by {DIMENSION_LABELS[dimension].toLowerCase()}, last 12 months
      </h2>
      <p>Call-off contracts by the month they started.{dimension === "capability" ? " A contract counts once for each capability its solution meets." : ""}</p>
      <div className="grid gap-x-8 desktop:grid-cols-2">
        <BarChart
          title={`${measureWord} by ${DIMENSION_LABELS[dimension].toLowerCase()}`}
          description={`Horizontal bars, largest first. ${topGroups.map((g) => `${g.label}: ${g.display}`).join("; ")}`}
          data={topGroups}
        />
        <Table
          caption={`${measureWord} by ${DIMENSION_LABELS[dimension].toLowerCase()}`}
          captionSize="m"
          head={[{ label: DIMENSION_LABELS[dimension] }, { label: measureWord, numeric: true }]}
          rows={groups.map((g) => [g.label, g.display])}
        />
      </div>
      <div className="grid gap-x-8 desktop:grid-cols-2">
        <BarChart
          kind="columns"
          title={`${measureWord} by month`}
          description={`Columns, one per month, oldest first. ${months.map((m) => `${m.month}: ${m.display}`).join("; ")}`}
          data={months}
        />
        <Table caption={`${measureWord} by month`} head={[{ label: "Month" }, { label: measureWord, numeric: true }]} rows={months.map((m) => [m.month, m.display])} />
      </div>
      <ButtonLink variant="secondary" href={`/admin/reports.csv?report=market&${query}`} reloadDocument>
        Download as CSV
      </ButtonLink>

      <h2>Supplier market share</h2>
      <p>
        Share of the annual value of live contracts. The two largest suppliers hold <strong>{share.topTwo}</strong>; the Herfindahl–Hirschman Index is{" "}
        <strong>{share.hhi.toLocaleString("en-GB")}</strong> ({share.band}). By patients covered: the two largest hold {share.topTwoPatients}, HHI{" "}
        {share.hhiPatients.toLocaleString("en-GB")}.
      </p>
      <div className="grid gap-x-8 desktop:grid-cols-2">
        <BarChart
          title="Supplier share of live contract value"
          description={`Horizontal bars, largest first. ${share.suppliers.slice(0, 12).map((s) => `${s.label}: ${s.display}`).join("; ")}`}
          data={share.suppliers.slice(0, 12)}
        />
        <Table
          caption="Supplier share of live contract value"
          head={[{ label: "Supplier" }, { label: "Annual value", numeric: true }, { label: "Share", numeric: true }]}
          rows={share.suppliers.map((s) => [s.label, s.pounds, s.display])}
        />
      </div>
      <ButtonLink variant="secondary" href="/admin/reports.csv?report=share" reloadDocument>
        Download market share as CSV
      </ButtonLink>

      <h2>Assurance lapses over time</h2>
      <div className="grid gap-x-8 desktop:grid-cols-2">
        <BarChart
          kind="columns"
          title="Assurances lapsed each month"
          description={`Columns, one per month, oldest first. ${lapses.map((l) => `${l.month}: ${l.display}`).join("; ")}`}
          data={lapses}
        />
        <Table caption="Assurances lapsed each month" head={[{ label: "Month" }, { label: "Lapses", numeric: true }]} rows={lapses.map((l) => [l.month, l.display])} />
      </div>
      <ButtonLink variant="secondary" href="/admin/reports.csv?report=lapses" reloadDocument>
        Download lapses as CSV
      </ButtonLink>
    </>
  );
}
