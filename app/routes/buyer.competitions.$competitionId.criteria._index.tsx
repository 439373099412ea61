import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CompetitionCaption, formState } from "~/components/competitions/CompetitionPage";
import { BackLink, Button, ErrorSummary, InsetText, SummaryList, Table, Textarea } from "~/components/nhs";
import { competitionHeading } from "~/modules/competitions/competitions.server";
import { criteriaFromJson, criteriaProblems, criteriaRows } from "~/modules/competitions/criteria";
import { integrationTypeOptions, lockCriteria, startNewRevision } from "~/modules/competitions/criteria.server";
import { afterSave, changeableCompetition, privateHeaders, respond } from "~/modules/competitions/pages.server";
import { MAX_JUSTIFICATION } from "~/modules/competitions/rules";
import { formatNhsDate, londonDateOf } from "~/modules/dates";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues } from "~/utils/forms";

export const handle = { title: "Review and lock the criteria" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "edit" });
  const competition = await changeableCompetition(request, actor, params, "edit");
  const criteria = criteriaFromJson(competition.criteria);
  const names = Object.fromEntries((await integrationTypeOptions(db())).map((t) => [t.id, t.name]));
  const locked = competition.criteriaLockedAt !== null;
  return json(
    {
      competition: competitionHeading(competition),
      locked,
      rows: criteriaRows(criteria, names).map((row) => ({ ...row, href: locked ? null : `/buyer/competitions/${competition.id}/criteria/${row.task}` })),
      problems: criteriaProblems(criteria, competition.framework),
      revisions: competition.revisions.map((r) => ({
        revision: r.revision,
        lockedOn: formatNhsDate(londonDateOf(r.lockedAt)),
        replaced: r.supersededAt ? `${formatNhsDate(londonDateOf(r.supersededAt))}: ${r.supersedReason ?? ""}` : "Current",
      })),
    },
    { headers: privateHeaders },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "edit" });
  const competition = await changeableCompetition(request, actor, params, "edit");
  const formData = await request.formData();
  if (formData.get("intent") === "revision") {
    const outcome = await startNewRevision(db(), actor, competition.id, formValues(formData));
    return respond(outcome, formData, `/buyer/competitions/${competition.id}`);
  }
  return respond(await lockCriteria(db(), actor, competition.id), formData, afterSave(formData, competition.id));
}

export default function ReviewCriteria() {
  const { competition, locked, rows, problems, revisions } = useLoaderData<typeof loader>();
  const form = formState(useActionData<typeof action>());
  const csrf = useCsrfToken();
  return (
    <div className="desktop:w-2/3">
      <BackLink href={`/buyer/competitions/${competition.id}`}>Back</BackLink>
      <ErrorSummary errors={form.errors} />
      <CompetitionCaption competition={competition} />
      <h1>{locked ? "The criteria are locked" : "Review and lock the criteria"}</h1>
      {locked ? (
        <p>Scorers score against these criteria. To change them, start a new revision of the competition: the scores so far stay with this revision in the audit trail, and scorers score again once the new criteria are locked.</p>
      ) : (
        <p>Check the criteria. Once locked they cannot change without a new revision of the competition, so every solution is scored against the same criteria.</p>
      )}
      <SummaryList
        rows={rows.map((row) => ({
          key: row.key,
          value: row.value.length > 1 ? <ul className="mb-0">{row.value.map((v, i) => <li key={i}>{v}</li>)}</ul> : row.value[0] ?? "",
          action: row.href ? { href: row.href, label: "Change", visuallyHiddenText: row.key.toLowerCase() } : undefined,
        }))}
      />
      {locked ? (
        <Form method="post" noValidate>
          <input type="hidden" name="csrf" value={csrf} />
          <input type="hidden" name="intent" value="revision" />
          <h2>Change the criteria</h2>
          <Textarea id="reason" name="reason" label="Why do the criteria need to change?" hint="Kept with the revision this replaces." maxLength={MAX_JUSTIFICATION} defaultValue={form.value("reason", "")} error={form.fieldErrors.reason} />
          <Button variant="secondary" preventDoubleClick>
            Start a new revision
          </Button>
        </Form>
      ) : problems.length > 0 ? (
        <InsetText>
          <p id="criteria">Before you can lock the criteria:</p>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </InsetText>
      ) : (
        <Form method="post" noValidate>
          <input type="hidden" name="csrf" value={csrf} />
          <Button id="criteria" preventDoubleClick>
            Lock the criteria
          </Button>
        </Form>
      )}
      {revisions.length > 0 ? (
        <Table
          caption="Revisions of the criteria"
          head={[{ label: "Revision", numeric: true }, { label: "Locked" }, { label: "Replaced" }]}
          rows={revisions.map((r) => [String(r.revision), r.lockedOn, r.replaced])}
        />
      ) : null}
    </div>
  );
}
