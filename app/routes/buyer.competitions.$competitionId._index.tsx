import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CompetitionCaption } from "~/components/competitions/CompetitionPage";
import { AppLink, BackLink, InsetText, NotificationBanner, SummaryList, TaskList } from "~/components/nhs";
import { competitionHeading, competitionTaskList, includedSolutions } from "~/modules/competitions/competitions.server";
import { competitionFor, privateHeaders } from "~/modules/competitions/pages.server";
import { formatNhsDate, londonDateOf } from "~/modules/dates";
import { callOffId } from "~/modules/orders/order-rules";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: (data: { competition?: { name: string } } | undefined) => data?.competition?.name ?? "Further competition" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "read" });
  const competition = await competitionFor(actor, params, "read");
  const { state, sections } = await competitionTaskList(db(), competition, actor);
  const editable = competition.status === "IN_PROGRESS" && competition.organisationId === actor.organisationId;
  const tasks = sections.flatMap((s) => s.tasks);
  return json(
    {
      competition: competitionHeading(competition),
      lead: competition.lead.name,
      isLead: state.isLead,
      editable,
      framework: competition.framework.name,
      shortlist: competition.shortlistName,
      started: formatNhsDate(londonDateOf(competition.createdAt)),
      solutions: includedSolutions(competition).map((s) => `${s.catalogueItem.name} (${s.catalogueItem.supplier.name})`),
      leftOut: competition.solutions.filter((s) => !s.included).map((s) => ({ name: s.catalogueItem.name, reason: s.exclusionReason ?? "" })),
      directAward: competition.kind === "DIRECT_AWARD" ? competition.directAwardJustification : null,
      awarded: competition.status === "AWARDED" ? { order: competition.order ? { id: competition.order.id, callOffId: callOffId(competition.order), status: competition.order.status } : null, on: competition.awardedAt ? formatNhsDate(londonDateOf(competition.awardedAt)) : "" } : null,
      sections: editable
        ? sections.map((section) => ({ heading: section.heading, tasks: section.tasks.map((task) => ({ name: task.name, status: task.status, href: `/buyer/competitions/${competition.id}/${task.path}` })) }))
        : [],
      completed: tasks.filter((t) => t.status === "Completed").length,
      total: tasks.length,
    },
    { headers: privateHeaders },
  );
}

export default function CompetitionTaskList() {
  const data = useLoaderData<typeof loader>();
  const { competition } = data;
  return (
    <div className="desktop:w-2/3">
      <BackLink href="/buyer/competitions">Back to competitions</BackLink>
      {data.awarded ? (
        <NotificationBanner title="Awarded">
          <p>
            {competition.kind === "DIRECT_AWARD" ? "Directly awarded" : "Awarded"} on {data.awarded.on}
            {data.awarded.order ? (
              <>
                {" "}
                to call-off order <AppLink href={`/buyer/orders/${data.awarded.order.id}${data.awarded.order.status === "IN_PROGRESS" ? "" : "/summary"}`}>{data.awarded.order.callOffId}</AppLink>.
              </>
            ) : (
              "."
            )}
          </p>
        </NotificationBanner>
      ) : null}
      <CompetitionCaption competition={competition} />
      <h1>{competition.name}</h1>
      <SummaryList
        rows={[
          { key: "Reference", value: competition.reference },
          { key: "Framework", value: data.framework },
          { key: "From shortlist", value: data.shortlist },
          { key: "Lead", value: data.lead },
          { key: "Started", value: data.started },
          { key: competition.kind === "DIRECT_AWARD" ? "Awarded to" : "Competing solutions", value: data.solutions.length ? <ul className="mb-0">{data.solutions.map((s) => <li key={s}>{s}</li>)}</ul> : "None" },
          ...(data.directAward ? [{ key: "Why a direct award", value: data.directAward }] : []),
          ...(data.leftOut.length
            ? [{ key: "Left out", value: <ul className="mb-0">{data.leftOut.map((s) => <li key={s.name}>{s.name}: {s.reason}</li>)}</ul> }]
            : []),
        ]}
      />
      {data.editable ? (
        <>
          <p>
            You have completed {data.completed} of {data.total} tasks.{" "}
            {data.isLead ? "Your answers are saved as you go." : `${data.lead} leads this competition; you can score it.`}
          </p>
          <TaskList sections={data.sections} />
        </>
      ) : null}
      {competition.kind !== "DIRECT_AWARD" ? (
        <p>
          <AppLink href={`/buyer/competitions/${competition.id}/result`}>View the result</AppLink> ·{" "}
          <AppLink href={`/buyer/competitions/${competition.id}/summary`}>View or print the competition summary</AppLink>
        </p>
      ) : (
        <InsetText>
          <p>A direct award has no scoring: the justification above is its record.</p>
        </InsetText>
      )}
    </div>
  );
}
