import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { CompetitionQuestionPage, formState } from "~/components/competitions/CompetitionPage";
import { Button, Checkboxes, Fieldset, InsetText, Radios, TextInput, Textarea } from "~/components/nhs";
import { competitionHeading } from "~/modules/competitions/competitions.server";
import {
  AWARD_BASIS_NAMES,
  DAY_NAMES,
  MAX_FEATURE_REQUIREMENTS,
  MAX_TEXT_LENGTH,
  REQUIREMENT_LEVELS,
  WEEK_DAYS,
  WEIGHT_FIELDS,
  criteriaFromJson,
  featureRows,
  levelField,
  requirementField,
} from "~/modules/competitions/criteria";
import { integrationTypeOptions, isCriteriaPart, saveCriteriaAnswer } from "~/modules/competitions/criteria.server";
import { afterSave, changeableCompetition, notFound, privateHeaders, respond } from "~/modules/competitions/pages.server";
import { ELEMENTS, ELEMENT_NAMES } from "~/modules/competitions/scoring";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues } from "~/utils/forms";

const TITLES = {
  "contract-length": "Contract length",
  "award-basis": "Award basis",
  weightings: "Weightings",
  features: "Features requirements",
  implementation: "Implementation requirements",
  interoperability: "Interoperability requirements",
  "service-levels": "Service levels requirements",
} as const;

export const handle = { title: (data: { part?: keyof typeof TITLES } | undefined) => (data?.part ? TITLES[data.part] : "Criteria") };

const LEVEL_WORDS = { MUST: "Must", SHOULD: "Should", MAY: "May" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "edit" });
  const competition = await changeableCompetition(request, actor, params, "edit");
  const part = params.part ?? "";
  if (!isCriteriaPart(part)) throw notFound();
  // Locked criteria are shown on the review page; their question pages would only refuse.
  if (competition.criteriaLockedAt) throw redirect(`/buyer/competitions/${competition.id}/criteria`);
  const criteria = criteriaFromJson(competition.criteria);
  if (part === "weightings" && criteria.awardBasis !== "PRICE_AND_NON_PRICE") throw redirect(`/buyer/competitions/${competition.id}/criteria/award-basis`);
  const url = new URL(request.url);
  return json(
    {
      competition: competitionHeading(competition),
      part,
      framework: { name: competition.framework.name, maxTermMonths: competition.framework.maxTermMonths },
      criteria,
      featureRows: featureRows(criteria.features, Number(url.searchParams.get("more") ?? 0) > 0 ? 6 : 3),
      integrationTypes: part === "interoperability" ? (await integrationTypeOptions(db())).map((t) => ({ value: t.id, label: t.name })) : [],
    },
    { headers: privateHeaders },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "edit" });
  const competition = await changeableCompetition(request, actor, params, "edit");
  const part = params.part ?? "";
  if (!isCriteriaPart(part)) throw notFound();
  const formData = await request.formData();
  const outcome = await saveCriteriaAnswer(db(), actor, competition.id, part, formValues(formData));
  // "Add more rows" on the features page saves what is there and comes back with more empty rows.
  const next = formData.get("intent") === "more" ? `/buyer/competitions/${competition.id}/criteria/features?more=1` : afterSave(formData, competition.id);
  return respond(outcome, formData, next);
}

export default function CriteriaQuestion() {
  const { competition, part, framework, criteria, featureRows: rows, integrationTypes } = useLoaderData<typeof loader>();
  const form = formState(useActionData<typeof action>());
  const page = (children: React.ReactNode) => (
    <CompetitionQuestionPage competition={competition} errors={form.errors}>
      {children}
    </CompetitionQuestionPage>
  );
  switch (part) {
    case "contract-length":
      return page(
        <TextInput
          id="contractMonths"
          name="contractMonths"
          label="How long will the contract be, in months?"
          labelSize="l"
          isPageHeading
          hint={`The maximum term of the call-off order. The ${framework.name} allows up to ${framework.maxTermMonths} months. Total costs are compared over this length.`}
          inputMode="numeric"
          width={3}
          defaultValue={form.value("contractMonths", criteria.contractMonths ? String(criteria.contractMonths) : "")}
          error={form.fieldErrors.contractMonths}
        />,
      );
    case "award-basis":
      return page(
        <Radios
          id="awardBasis"
          name="awardBasis"
          label="How will the competition be awarded?"
          labelSize="l"
          isPageHeading
          items={[
            { value: "PRICE_ONLY", label: AWARD_BASIS_NAMES.PRICE_ONLY, hint: "The lowest total cost over the contract length wins." },
            { value: "PRICE_AND_NON_PRICE", label: AWARD_BASIS_NAMES.PRICE_AND_NON_PRICE, hint: "Price and scored non-price elements (features, implementation, interoperability, service levels), each with a weighting." },
          ]}
          defaultValue={form.value("awardBasis", criteria.awardBasis ?? "")}
          error={form.fieldErrors.awardBasis}
        />,
      );
    case "weightings":
      return page(
        <Fieldset legend="Weightings" legendSize="l" isPageHeading>
          <p className="text-text-secondary">Whole percentages that add up to 100. Give 0 to a non-price element you will not score.</p>
          {(["price", ...ELEMENTS] as const).map((key) => (
            <TextInput
              key={key}
              id={WEIGHT_FIELDS[key]}
              name={WEIGHT_FIELDS[key]}
              label={`${key === "price" ? "Price" : ELEMENT_NAMES[key]} (%)`}
              inputMode="numeric"
              width={3}
              defaultValue={form.value(WEIGHT_FIELDS[key], criteria.weights ? String(criteria.weights[key]) : key === "price" ? "" : "0")}
              error={form.fieldErrors[WEIGHT_FIELDS[key]]}
            />
          ))}
        </Fieldset>,
      );
    case "features":
      return page(
        <Fieldset legend="Features requirements" legendSize="l" isPageHeading>
          <p className="text-text-secondary">What the solution must, should or may do. Up to {MAX_FEATURE_REQUIREMENTS} requirements; leave a row empty to remove it.</p>
          {rows.map((row) => (
            <div key={row.index} className="mb-6 border-l-4 border-grey-4 pl-4">
              <TextInput
                id={requirementField(row.index)}
                name={requirementField(row.index)}
                label={`Requirement ${row.index}`}
                defaultValue={form.value(requirementField(row.index), row.text)}
                error={form.fieldErrors[requirementField(row.index)]}
              />
              <Radios
                id={levelField(row.index)}
                name={levelField(row.index)}
                label={`Requirement ${row.index} is a`}
                inline
                items={REQUIREMENT_LEVELS.map((level) => ({ value: level, label: LEVEL_WORDS[level] }))}
                defaultValue={form.value(levelField(row.index), row.level)}
                error={form.fieldErrors[levelField(row.index)]}
              />
            </div>
          ))}
          {rows.length < MAX_FEATURE_REQUIREMENTS ? (
            <Button variant="secondary" name="intent" value="more">
              Save and add more rows
            </Button>
          ) : null}
        </Fieldset>,
      );
    case "implementation":
      return page(
        <Textarea
          id="implementation"
          name="implementation"
          label="What must the supplier do to implement the solution?"
          labelSize="l"
          isPageHeading
          hint="For example, timescales, data migration, training and support during go-live."
          maxLength={MAX_TEXT_LENGTH}
          rows={8}
          defaultValue={form.value("implementation", criteria.implementation)}
          error={form.fieldErrors.implementation}
        />,
      );
    case "interoperability":
      return page(
        <Checkboxes
          id="integrationTypes"
          name="integrationTypes"
          label="Which integrations must the solution support?"
          labelSize="l"
          isPageHeading
          hint="Select all that apply."
          items={integrationTypes}
          defaultValue={form.values("integrationTypes", criteria.interoperability)}
          error={form.fieldErrors.integrationTypes}
        />,
      );
    case "service-levels":
      return page(
        <Fieldset legend="Service levels requirements" legendSize="l" isPageHeading>
          <TextInput id="availableFrom" name="availableFrom" label="Available from" hint="On the 24-hour clock, like 08:00" width={5} defaultValue={form.value("availableFrom", criteria.serviceLevels?.availableFrom ?? "")} error={form.fieldErrors.availableFrom} />
          <TextInput id="availableTo" name="availableTo" label="Available until" hint="On the 24-hour clock, like 18:30" width={5} defaultValue={form.value("availableTo", criteria.serviceLevels?.availableTo ?? "")} error={form.fieldErrors.availableTo} />
          <Checkboxes
            id="days"
            name="days"
            label="On which days?"
            items={WEEK_DAYS.map((d) => ({ value: d, label: DAY_NAMES[d] }))}
            defaultValue={form.values("days", criteria.serviceLevels?.days ?? [])}
            error={form.fieldErrors.days}
          />
          <Radios
            id="bankHolidays"
            name="bankHolidays"
            label="Including bank holidays?"
            inline
            items={[
              { value: "yes", label: "Yes" },
              { value: "no", label: "No" },
            ]}
            defaultValue={form.value("bankHolidays", criteria.serviceLevels ? (criteria.serviceLevels.bankHolidays ? "yes" : "no") : "")}
            error={form.fieldErrors.bankHolidays}
          />
        </Fieldset>,
      );
    default:
      return page(
        <InsetText>
          <p>There is no such question.</p>
        </InsetText>,
      );
  }
}
