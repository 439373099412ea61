import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ASSURANCE_LABELS, count, pounds } from "~/components/admin/labels";
import { PUBLICATION_LABELS } from "~/components/listings/labels";
import { AppLink, BackLink, Button, DateInput, ErrorSummary, NotificationBanner, SummaryList, Table, Tag, Textarea, TextInput, type FieldError } from "~/components/nhs";
import { ActionRefused } from "~/modules/admin/guard.server";
import { addDays, formatNhsDate, londonToday } from "~/modules/dates";
import {
  agreeRemediation,
  lapseDetail,
  recordRenewal,
  remediationSchema,
  renewalSchema,
  suspendForLapse,
  suspensionSchema,
} from "~/modules/lapses/lapses.server";
import { lapseActions, MAX_REMEDIATION_MONTHS } from "~/modules/lapses/lapse-rules";
import { dateFromParts } from "~/modules/orders/order-rules";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/forms";

export const handle = {
  title: (data: { lapse?: { supplierName: string; standardName: string } } | undefined) =>
    data?.lapse ? `${data.lapse.supplierName}: ${data.lapse.standardName} lapse` : "Lapse",
};

const DONE_MESSAGES: Record<string, string> = {
  remediation: "Remediation plan agreed. The solutions show as in remediation and the supplier has been told.",
  suspended: "Solutions suspended. Their live contracts are flagged for termination and the buyers have been told.",
  renewed: "Renewed assurance recorded. Open termination flags it caused are cleared and everyone affected has been told.",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "assurance", action: "agreeRemediation" });
  const lapse = await lapseDetail(db(), actor, params.recordId ?? "");
  const done = new URL(request.url).searchParams.get("done");
  if (!lapse) {
    // A renewed record leaves the queue: say so rather than a bare 404.
    if (done === "renewed") return redirect("/admin/lapses?renewed=1");
    throw new Response("Not found", { status: 404 });
  }
  return json({ lapse, actions: lapseActions(lapse), done: done && DONE_MESSAGES[done] ? DONE_MESSAGES[done] : null });
}

type Intent = "remediation" | "suspend" | "renew";
type ActionData = { intent: Intent; errors: FieldError[]; fieldErrors: Record<string, string>; values: Record<string, string | string[]> };

export async function action({ request, params }: ActionFunctionArgs) {
  // Each decision's own permission is checked again by its module function.
  const actor = await requireActor(request, { entity: "assurance", action: "agreeRemediation" });
  const form = await request.formData();
  const intent = String(form.get("intent")) as Intent;
  const values = formValues(form);
  const recordId = params.recordId ?? "";
  const fail = (fieldErrors: Record<string, string>, status = 400) =>
    json<ActionData>(
      { intent, errors: Object.entries(fieldErrors).map(([fieldId, message]) => ({ fieldId, message })), fieldErrors, values },
      { status },
    );
  try {
    if (intent === "remediation") {
      const parsed = parseForm(remediationSchema, { ...values, recordId });
      const deadline = dateFromParts(values, "deadline", "the remediation deadline");
      const errors = { ...(parsed.ok ? {} : parsed.errors), ...("error" in deadline ? { deadline: deadline.error } : {}) };
      if (!parsed.ok || "error" in deadline) return fail(errors);
      await agreeRemediation(db(), actor, { ...parsed.data, deadline: deadline.date });
      return redirect(`/admin/lapses/${recordId}?done=remediation`);
    }
    if (intent === "suspend") {
      const parsed = parseForm(suspensionSchema, { ...values, recordId });
      if (!parsed.ok) return fail(parsed.errors);
      await suspendForLapse(db(), actor, parsed.data);
      return redirect(`/admin/lapses/${recordId}?done=suspended`);
    }
    if (intent === "renew") {
      const parsed = parseForm(renewalSchema, { ...values, recordId });
      const assuredOn = dateFromParts(values, "assuredOn", "the assured-on date");
      const expiresOn = dateFromParts(values, "expiresOn", "the expiry date");
      const errors = {
        ...("error" in assuredOn ? { assuredOn: assuredOn.error } : {}),
        ...("error" in expiresOn ? { expiresOn: expiresOn.error } : {}),
        ...(parsed.ok ? {} : parsed.errors),
      };
      if (!parsed.ok || "error" in assuredOn || "error" in expiresOn) return fail(errors);
      await recordRenewal(db(), actor, { recordId, assuredOn: assuredOn.date, expiresOn: expiresOn.date, certificateNumber: parsed.data.certificateNumber });
      return redirect(`/admin/lapses/${recordId}?done=renewed`);
    }
  } catch (error) {
    if (error instanceof ActionRefused) {
      const field = intent === "remediation" ? "plan" : intent === "suspend" ? "reason" : "assuredOn";
      return fail({ [field]: error.message }, error.kind === "conflict" ? 409 : 400);
    }
    throw error;
  }
  return fail({ plan: "Choose what to do" });
}

export default function LapseDetail() {
  const { lapse, actions, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errorsFor = (intent: Intent) => (actionData?.intent === intent ? actionData.fieldErrors : {});
  const valueOf = (intent: Intent, name: string) => {
    const value = actionData?.intent === intent ? actionData.values[name] : undefined;
    return typeof value === "string" ? value : undefined;
  };
  const dateValue = (intent: Intent, name: string) => ({
    day: valueOf(intent, `${name}-day`),
    month: valueOf(intent, `${name}-month`),
    year: valueOf(intent, `${name}-year`),
  });
  const status = ASSURANCE_LABELS[lapse.status];
  const hidden = (
    <>
      <input type="hidden" name="csrf" value={csrf} />
      <input type="hidden" name="version" value={lapse.version} />
    </>
  );
  return (
    <>
      <BackLink href="/admin/lapses">Back to the lapse queue</BackLink>
      {actionData?.errors?.length ? <ErrorSummary errors={actionData.errors} /> : null}
      {done ? (
        <NotificationBanner type="success">
          <p>{done}</p>
          {done.startsWith("Solutions suspended") ? (
            <p>
              <AppLink href="/admin/flags">Review the termination flags</AppLink>
            </p>
          ) : null}
        </NotificationBanner>
      ) : null}
      <span className="mb-2 block text-19 text-text-secondary">{lapse.supplierName}</span>
      <h1>
        {lapse.standardName} {lapse.state.overdue ? "remediation failed" : lapse.status === "LAPSED" ? "lapsed" : "in remediation"}
      </h1>
      <SummaryList
        rows={[
          {
            key: "Status",
            value: (
              <>
                {lapse.state.overdue ? <Tag colour="red">Deadline passed</Tag> : <Tag colour={status.colour}>{status.text}</Tag>}
                <span className={`block${lapse.state.overdue ? " font-bold text-red-dark" : ""}`}>{lapse.state.text}</span>
              </>
            ),
          },
          {
            key: "Standard",
            value: `${lapse.standardName}${lapse.safetyCritical ? " (safety critical)" : lapse.securityCritical ? " (security critical)" : ""}`,
          },
          { key: "Covers", value: lapse.catalogueItemId ? "One Catalogue Solution" : "Every Catalogue Solution from this supplier" },
          { key: "Expired on", value: formatNhsDate(lapse.expiresOn) },
          { key: "Lapsed on", value: formatNhsDate(lapse.lapsedOn) },
          ...(lapse.remediationDeadline
            ? [
                { key: "Remediation deadline", value: formatNhsDate(lapse.remediationDeadline) },
                { key: "Remediation plan", value: lapse.remediationPlan ?? "" },
              ]
            : []),
          { key: "Live contracts", value: count(lapse.liveContracts) },
          { key: "Patients covered", value: count(lapse.patientsCovered) },
          { key: "Annual contract value at risk", value: pounds(lapse.annualValueAtRisk) },
        ]}
      />
      <Table
        caption="Catalogue Solutions affected"
        head={[{ label: "Solution" }, { label: "Publication status" }]}
        rows={lapse.solutions.map((solution) => [
          <span key="name">
            {solution.name} <span className="block text-16 text-text-secondary">{solution.id}</span>
          </span>,
          <Tag key="status" colour={PUBLICATION_LABELS[solution.status].colour}>
            {PUBLICATION_LABELS[solution.status].text}
          </Tag>,
        ])}
      />

      {actions.agreeRemediation ? (
        <Form method="post" className="mb-10">
          {hidden}
          <h2>Agree a remediation plan</h2>
          <p>The solutions show as in remediation until the deadline. If it passes without renewed assurance they are suspended and their live contracts flagged for termination.</p>
          <Textarea id="plan" name="plan" label="Remediation plan" labelSize="s" maxLength={2000} defaultValue={valueOf("remediation", "plan")} error={errorsFor("remediation").plan} />
          <DateInput
            id="deadline"
            name="deadline"
            label="Deadline"
            labelSize="s"
            hint={`The last day to renew the assurance, within ${MAX_REMEDIATION_MONTHS} months. For example, ${formatNhsDate(addDays(londonToday(), 28))}`}
            defaultValue={dateValue("remediation", "deadline")}
            error={errorsFor("remediation").deadline}
          />
          <Button name="intent" value="remediation">
            Agree remediation plan
          </Button>
        </Form>
      ) : null}

      {actions.suspend ? (
        <Form method="post" className="mb-10">
          {hidden}
          <h2>Suspend the solutions now</h2>
          <p>
            {lapse.status === "LAPSED"
              ? `This standard is ${lapse.safetyCritical ? "safety" : "security"} critical, so the solutions can be suspended without a remediation plan.`
              : "Suspend during remediation when the plan is not being met."}{" "}
            Every live contract for them is flagged for termination and the buyers are told.
          </p>
          <Textarea id="reason" name="reason" label="Reason for suspending" labelSize="s" maxLength={2000} defaultValue={valueOf("suspend", "reason")} error={errorsFor("suspend").reason} />
          <Button name="intent" value="suspend" variant="warning">
            Suspend solutions
          </Button>
        </Form>
      ) : null}

      <Form method="post" className="mb-10">
        {hidden}
        <h2>Record renewed assurance</h2>
        <p>Clears the termination flags this lapse caused and restores listings in remediation.</p>
        <DateInput id="assuredOn" name="assuredOn" label="Assured on" labelSize="s" defaultValue={dateValue("renew", "assuredOn")} error={errorsFor("renew").assuredOn} />
        <DateInput id="expiresOn" name="expiresOn" label="Expires on" labelSize="s" defaultValue={dateValue("renew", "expiresOn")} error={errorsFor("renew").expiresOn} />
        <TextInput
          id="certificateNumber"
          name="certificateNumber"
          label="Certificate number (optional)"
          labelSize="s"
          width={20}
          defaultValue={valueOf("renew", "certificateNumber")}
          error={errorsFor("renew").certificateNumber}
        />
        <Button name="intent" value="renew" variant="secondary">
          Record renewed assurance
        </Button>
      </Form>
    </>
  );
}
