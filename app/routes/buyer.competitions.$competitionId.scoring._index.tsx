import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CompetitionCaption, formState } from "~/components/competitions/CompetitionPage";
import { BackLink, Button, ErrorSummary, InsetText, TaskList } from "~/components/nhs";
import { competitionHeading } from "~/modules/competitions/competitions.server";
import { changeableCompetition, privateHeaders, respond } from "~/modules/competitions/pages.server";
import { ownScoresheet, submitScores } from "~/modules/competitions/scoring.server";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Your scores" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "score" });
  const competition = await changeableCompetition(request, actor, params, "score");
  const sheet = await ownScoresheet(db(), competition, actor);
  return json(
    {
      competition: competitionHeading(competition),
      sheet: {
        ...sheet,
        tasks: sheet.solutions.map((s) => {
          const scored = s.scores.filter((x) => x.score !== null).length;
          return { name: `${s.name} (${s.supplier})`, href: `/buyer/competitions/${competition.id}/scoring/${s.id}`, status: scored === s.scores.length ? ("Completed" as const) : scored > 0 ? ("Incomplete" as const) : ("Not started" as const) };
        }),
      },
    },
    { headers: privateHeaders },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "score" });
  const competition = await changeableCompetition(request, actor, params, "score");
  const formData = await request.formData();
  return respond(await submitScores(db(), actor, competition.id), formData, `/buyer/competitions/${competition.id}`);
}

export default function YourScores() {
  const { competition, sheet } = useLoaderData<typeof loader>();
  const form = formState(useActionData<typeof action>());
  const csrf = useCsrfToken();
  return (
    <div className="desktop:w-2/3">
      <BackLink href={`/buyer/competitions/${competition.id}`}>Back</BackLink>
      <ErrorSummary errors={form.errors} />
      <CompetitionCaption competition={competition} />
      <h1>Your scores</h1>
      {!sheet.isScorer ? (
        <InsetText>
          <p>You are not a scorer of this competition.</p>
        </InsetText>
      ) : !sheet.locked ? (
        <InsetText>
          <p>You can score once the lead has locked the criteria.</p>
        </InsetText>
      ) : sheet.submitted ? (
        <InsetText>
          <p>You have submitted your scores. The lead compares them with the other scorers&apos; once everyone has submitted.</p>
        </InsetText>
      ) : (
        <>
          <p>Score each solution 1 to 5 on each element, with a justification. Other scorers cannot see your scores and you cannot see theirs. When every solution is scored, submit your scores: they cannot change after that.</p>
          <TaskList sections={[{ heading: "Solutions", tasks: sheet.tasks }]} />
          <Form method="post" noValidate>
            <input type="hidden" name="csrf" value={csrf} />
            <Button id="scoring" preventDoubleClick>
              Submit your scores
            </Button>
          </Form>
        </>
      )}
    </div>
  );
}
