import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CompetitionCaption } from "~/components/competitions/CompetitionPage";
import { ResultTable, ScoringRules } from "~/components/competitions/Result";
import { AppLink, BackLink, SummaryList, Table } from "~/components/nhs";
import { competitionHeading } from "~/modules/competitions/competitions.server";
import { competitionFor, privateHeaders } from "~/modules/competitions/pages.server";
import { competitionSummary } from "~/modules/competitions/summary.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Competition summary" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "read" });
  const competition = await competitionFor(actor, params, "read");
  return json({ competition: competitionHeading(competition), summary: await competitionSummary(db(), competition, actor) }, { headers: privateHeaders });
}

const list = (items: string[]) => (items.length ? <ul className="mb-0">{items.map((item, i) => <li key={i}>{item}</li>)}</ul> : "None");

export default function CompetitionSummary() {
  const { competition, summary } = useLoaderData<typeof loader>();
  const base = `/buyer/competitions/${competition.id}`;
  return (
    <>
      <div className="print:hidden">
        <BackLink href={base}>Back</BackLink>
      </div>
      <CompetitionCaption competition={competition} />
      <h1>Competition summary</h1>
      <p className="print:hidden text-text-secondary">This page is laid out for printing: use your browser&apos;s print command to print it or save it as a PDF.</p>
      <SummaryList rows={summary.details.map((d) => ({ key: d.key, value: d.value }))} />

      {summary.award ? (
        <>
          <h2>Award</h2>
          <SummaryList
            rows={[
              { key: "Awarded to", value: summary.award.to ?? "" },
              { key: "Awarded on", value: summary.award.on },
              { key: "Call-off order", value: summary.award.order ?? "None" },
              ...(summary.award.directAward ? [{ key: "Why a direct award", value: summary.award.directAward }] : []),
              ...(summary.award.tieReason ? [{ key: "Why this solution of those level", value: summary.award.tieReason }] : []),
              ...(summary.award.lapseNote ? [{ key: "Note for commercial staff (passed over a solution whose assurance lapsed)", value: summary.award.lapseNote }] : []),
            ]}
          />
        </>
      ) : null}

      {summary.criteria.length > 0 ? (
        <>
          <h2>Criteria</h2>
          <SummaryList rows={summary.criteria.map((row) => ({ key: row.key, value: list(row.value) }))} />
          {summary.revisions.length > 0 ? (
            <Table caption="Earlier revisions of the criteria" head={[{ label: "Revision", numeric: true }, { label: "Replaced" }, { label: "Why" }]} rows={summary.revisions.map((r) => [String(r.revision), r.replaced, r.reason])} />
          ) : null}
        </>
      ) : null}

      <Table
        caption={competition.kind === "DIRECT_AWARD" ? "Solution awarded" : "Competing solutions"}
        head={[{ label: "Solution" }, { label: "List price" }, { label: "Agreed price" }, { label: "Quantity", numeric: true }, { label: "Total cost (indicative)", numeric: true }]}
        rows={summary.solutions.map((s) => [
          <>
            {s.name}
            <span className="block text-16 text-text-secondary">{s.supplier}</span>
          </>,
          s.price,
          s.agreed,
          s.quantity,
          s.total,
        ])}
      />
      {summary.leftOut.length > 0 ? <Table caption="Solutions left out" head={[{ label: "Solution" }, { label: "Why" }]} rows={summary.leftOut.map((s) => [`${s.name} (${s.supplier})`, s.reason])} /> : null}
      <SummaryList
        rows={[
          { key: "Service recipients", value: list(summary.recipients) },
          ...(summary.scorers.length ? [{ key: "Scorers", value: list(summary.scorers) }] : []),
        ]}
      />
      {summary.moderations.length > 0 ? (
        <Table caption="Moderated scores" head={[{ label: "Solution" }, { label: "Element" }, { label: "Score", numeric: true }, { label: "Reason" }]} rows={summary.moderations.map((m) => [m.solution, m.element, String(m.score), m.reason])} />
      ) : null}

      {summary.result?.ready ? (
        <>
          <h2>Result</h2>
          <ResultTable table={summary.result.table} />
          <ScoringRules table={summary.result.table} />
        </>
      ) : summary.result ? (
        <p>There is no result yet.</p>
      ) : null}
      <p className="print:hidden">
        <AppLink href={base}>Return to the competition</AppLink>
      </p>
    </>
  );
}
