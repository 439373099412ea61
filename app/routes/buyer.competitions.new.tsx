import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { formState } from "~/components/competitions/CompetitionPage";
import { AppLink, BackLink, Button, Checkboxes, ErrorSummary, Fieldset, InsetText, Radios, TextInput, Textarea, WarningCallout } from "~/components/nhs";
import { privateHeaders } from "~/modules/competitions/pages.server";
import { MAX_CANDIDATES, MAX_JUSTIFICATION, MAX_SOLUTIONS, MIN_SOLUTIONS, reasonField } from "~/modules/competitions/rules";
import { competitionStart, startCompetition, startDirectAward } from "~/modules/competitions/start.server";
import { summaryOf } from "~/modules/orders/pages.server";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues } from "~/utils/forms";

export const handle = { title: "Start a further competition" };

const NOT_FOUND = "There is no shortlist with that address for your organisation.";

function params(request: Request) {
  const url = new URL(request.url);
  return { shortlistId: (url.searchParams.get("shortlist") ?? "").slice(0, 40), frameworkId: url.searchParams.get("framework")?.slice(0, 20) || null };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "create" });
  const { shortlistId, frameworkId } = params(request);
  const view = await competitionStart(db(), actor, shortlistId, frameworkId);
  if (!view) throw json({ message: NOT_FOUND }, { status: 404 });
  return json({ view }, { headers: privateHeaders });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "create" });
  const { shortlistId, frameworkId } = params(request);
  const formData = await request.formData();
  const values = formValues(formData);
  const input = { shortlistId, frameworkId, values };
  const result = formData.get("intent") === "direct" ? await startDirectAward(db(), actor, { ...input, solutionId: String(formData.get("solutionId") ?? "") }) : await startCompetition(db(), actor, input);
  if (!result) throw json({ message: NOT_FOUND }, { status: 404 });
  if (result.ok) return redirect(result.orderId ? `/buyer/orders/${result.orderId}` : `/buyer/competitions/${result.competitionId}`);
  if ("refused" in result) throw json({ message: result.refused }, { status: 400 });
  return json({ errors: summaryOf(result.errors), fieldErrors: result.errors, values, includedOne: result.includedOne ?? null }, { status: 400 });
}

export default function StartCompetition() {
  const { view } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const form = formState(actionData);
  const csrf = useCsrfToken();
  const back = <BackLink href={`/buyer/shortlists/${view.shortlist.id}`}>Back to the shortlist</BackLink>;
  const caption = <span className="mb-2 block text-19 text-text-secondary">Shortlist: {view.shortlist.name}</span>;

  if (view.kind === "no-live-framework" || view.kind === "too-many" || view.kind === "none") {
    return (
      <div className="desktop:w-2/3">
        {back}
        {caption}
        <h1>You cannot start a further competition from this shortlist</h1>
        {view.kind === "no-live-framework" ? <p>{view.message}</p> : null}
        {view.kind === "too-many" ? (
          <p>
            This shortlist has {view.count} solutions on the {view.framework.name} today. A further competition compares {MIN_SOLUTIONS} to {MAX_SOLUTIONS} solutions, and each
            one left out needs a written reason, so narrow the search to {MAX_CANDIDATES} solutions or fewer and save it as a new shortlist.
          </p>
        ) : null}
        {view.kind === "none" ? (
          <>
            <p>None of this shortlist&apos;s solutions can be ordered on the {view.framework.name} today.</p>
            <ul>
              {view.cannotInclude.map((c) => (
                <li key={c.id}>{c.reason}</li>
              ))}
            </ul>
          </>
        ) : null}
        <p>
          <AppLink href="/solutions">Search the catalogue</AppLink> and save a new shortlist.
        </p>
      </div>
    );
  }

  if (view.kind === "choose-framework") {
    return (
      <div className="desktop:w-2/3">
        {back}
        {caption}
        <Form method="get">
          <input type="hidden" name="shortlist" value={view.shortlist.id} />
          <Radios
            id="framework"
            name="framework"
            label="Which framework will the competition run on?"
            labelSize="l"
            isPageHeading
            hint="The shortlist's solutions are on more than one live framework. A competition and its call-off order are under one framework."
            items={view.frameworks.map((f) => ({ value: f.id, label: f.name, hint: `Maximum term ${f.maxTermMonths} months` }))}
          />
          <Button>Continue</Button>
        </Form>
      </div>
    );
  }

  const direct = view.candidates.length === 1 ? view.candidates[0] : view.candidates.find((c) => c.id === actionData?.includedOne) ?? null;
  const onlyOne = view.candidates.length === 1;
  return (
    <div className="desktop:w-2/3">
      {back}
      <ErrorSummary errors={form.errors} />
      {caption}
      <h1>{onlyOne ? "Make a direct award" : "Start a further competition"}</h1>
      <p>
        On the {view.framework.name} (maximum term {view.framework.maxTermMonths} months). These are today&apos;s solutions from the shortlist that can be ordered.
        {view.otherFrameworks > 0 ? ` ${view.otherFrameworks} more are on other frameworks only.` : ""}
      </p>
      {view.cannotInclude.length > 0 ? (
        <WarningCallout heading="Solutions that cannot be included" headingLevel={2}>
          <ul>
            {view.cannotInclude.map((c) => (
              <li key={c.id}>{c.reason}</li>
            ))}
          </ul>
          <p>They are recorded as left out for that reason.</p>
        </WarningCallout>
      ) : null}
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={csrf} />
        <TextInput
          id="name"
          name="name"
          label={onlyOne ? "Name of the award" : "Name of the competition"}
          labelSize="m"
          hint="Your colleagues will recognise it, and it becomes the call-off order's description. 100 characters or fewer."
          defaultValue={form.value("name", "")}
          error={form.fieldErrors.name}
          width={30}
        />
        {onlyOne ? (
          <InsetText>
            <p>
              Only <strong>{direct!.name}</strong> ({direct!.supplier}) is left, so there is nothing to compete. You can award it a call-off order directly, with a written
              justification.
            </p>
          </InsetText>
        ) : (
          <>
            <Checkboxes
              id="include"
              name="include"
              label="Which solutions will compete?"
              labelSize="m"
              hint={`Choose ${MIN_SOLUTIONS} to ${MAX_SOLUTIONS}.`}
              items={view.candidates.map((c) => ({ value: c.id, label: `${c.name} (${c.supplier})`, hint: c.summary }))}
              defaultValue={form.values("include", [])}
              error={form.fieldErrors.include}
            />
            <Fieldset legend="Why is each solution left out?" legendSize="m">
              <p className="text-text-secondary">Give a reason for every solution you do not include. Leave the box empty for the ones you include.</p>
              {view.candidates.map((c) => (
                <Textarea
                  key={c.id}
                  id={reasonField(c.id)}
                  name={reasonField(c.id)}
                  label={`Why is ${c.name} left out?`}
                  rows={2}
                  maxLength={MAX_JUSTIFICATION}
                  defaultValue={form.value(reasonField(c.id), "")}
                  error={form.fieldErrors[reasonField(c.id)]}
                />
              ))}
            </Fieldset>
            <Button preventDoubleClick name="intent" value="competition">
              Start competition
            </Button>
          </>
        )}
        {direct ? (
          <div className={onlyOne ? undefined : "mt-8 border-t border-grey-4 pt-8"}>
            {onlyOne ? null : <h2>Or make a direct award to {direct.name}</h2>}
            <input type="hidden" name="solutionId" value={direct.id} />
            <Textarea
              id="justification"
              name="justification"
              label="Why are you awarding to this solution without a competition?"
              labelSize="s"
              hint="This is kept with the award and its call-off order."
              maxLength={MAX_JUSTIFICATION}
              defaultValue={form.value("justification", "")}
              error={form.fieldErrors.justification}
            />
            <Button preventDoubleClick name="intent" value="direct" variant={onlyOne ? "primary" : "secondary"}>
              Make a direct award
            </Button>
          </div>
        ) : null}
      </Form>
    </div>
  );
}
