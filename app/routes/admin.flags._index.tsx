import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FLAG_LABELS, count, pounds } from "~/components/admin/labels";
import {
  AppLink,
  Button,
  ErrorSummary,
  NotificationBanner,
  Pagination,
  Radios,
  Select,
  Table,
  Tag,
  Textarea,
  TextInput,
  VisuallyHidden,
  type FieldError,
} from "~/components/nhs";
import { ActionRefused } from "~/modules/admin/guard.server";
import { formatNhsDate } from "~/modules/dates";
import {
  allOpenFlagRefs,
  clearFlags,
  clearSchema,
  flagFilterOptions,
  issueTerminationNotices,
  listFlags,
  noticeSchema,
  parseFlagRefs,
  previewDecision,
  type FlagFilters,
  type PreviewLine,
} from "~/modules/flags/flags.server";
import { DEFAULT_NOTICE_MONTHS, FLAG_STATUSES } from "~/modules/flags/flag-rules";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/forms";

export const handle = { title: "Termination flags" };

const STATUS_WORDS: Record<(typeof FLAG_STATUSES)[number], string> = { OPEN: "Waiting for a decision", NOTICE_ISSUED: "Notice issued", CLEARED: "Cleared" };

/** The page's filters from the query string (or the decision form's hidden fields); anything malformed is ignored. */
function filtersOf(get: (name: string) => string | null): FlagFilters & { supplier: string; lapse: string } {
  const supplier = get("supplier") ?? "";
  const lapse = get("lapse") ?? "";
  return {
    supplier: /^\d{1,9}$/.test(supplier) ? supplier : "",
    lapse: /^[A-Za-z0-9_-]{1,60}$/.test(lapse) ? lapse : "",
    supplierId: /^\d{1,9}$/.test(supplier) ? Number(supplier) : null,
    recordId: /^[A-Za-z0-9_-]{1,60}$/.test(lapse) ? lapse : null,
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "contract", action: "flag" });
  const url = new URL(request.url);
  const requested = url.searchParams.get("status") ?? "OPEN";
  const status = (FLAG_STATUSES as readonly string[]).includes(requested) ? (requested as (typeof FLAG_STATUSES)[number]) : "OPEN";
  const filters = filtersOf((name) => url.searchParams.get(name));
  const [list, options] = await Promise.all([
    listFlags(db(), actor, { status, page: Number(url.searchParams.get("page") ?? 1), supplierId: filters.supplierId, recordId: filters.recordId }),
    flagFilterOptions(db(), actor, status),
  ]);
  const done = url.searchParams.get("done");
  const n = Number(url.searchParams.get("n") ?? 0);
  const message =
    done === "notice" ? `Termination notice issued for ${n} ${n === 1 ? "contract" : "contracts"}. Buyers and suppliers have been told.`
    : done === "clear" ? `${n} ${n === 1 ? "flag" : "flags"} cleared. The contracts continue and the buyers have been told.`
    : null;
  return json({ status, ...list, message, options, supplier: filters.supplier, lapse: filters.lapse });
}

type ActionData = {
  errors: FieldError[];
  fieldErrors: Record<string, string>;
  values: Record<string, string | string[]>;
  preview?: { decision: "notice" | "clear"; lines: PreviewLine[]; noticeMonths: number | null; reason: string; flags: string[] };
};

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "contract", action: "flag" });
  const form = await request.formData();
  const values = formValues(form);
  const decision = values.decision === "clear" ? "clear" : values.decision === "notice" ? "notice" : null;
  const fail = (fieldErrors: Record<string, string>, status = 400) =>
    json<ActionData>({ errors: Object.entries(fieldErrors).map(([fieldId, message]) => ({ fieldId: fieldId === "flags" ? "flags-list" : fieldId, message })), fieldErrors, values }, { status });
  if (!decision) return fail({ decision: "Choose whether to issue termination notices or clear the flags" });
  if (values.all === "yes" && values.intent !== "confirm") {
    // "Choose all": every open flag the filters match, fixed at their versions now for the preview.
    const all = await allOpenFlagRefs(db(), actor, filtersOf((name) => (typeof values[name] === "string" ? (values[name] as string) : null)));
    if (!all.ok) return fail({ flags: all.message });
    values.flags = all.refs;
  }
  const parsed = decision === "notice" ? parseForm(noticeSchema, values) : parseForm(clearSchema, values);
  if (!parsed.ok) return fail(parsed.errors);
  const refs = parseFlagRefs(parsed.data.flags);
  const noticeMonths: number | null = decision === "notice" ? Number((parsed.data as unknown as { noticeMonths: number }).noticeMonths) : null;

  if (values.intent !== "confirm") {
    const lines = await previewDecision(db(), actor, refs.map((ref) => ref.id), noticeMonths ? { kind: "notice", noticeMonths } : { kind: "clear" });
    return json<ActionData>({ errors: [], fieldErrors: {}, values, preview: { decision, lines, noticeMonths, reason: parsed.data.reason, flags: parsed.data.flags } });
  }
  try {
    const results =
      noticeMonths !== null
        ? await issueTerminationNotices(db(), actor, { flags: refs, noticeMonths, reason: parsed.data.reason })
        : await clearFlags(db(), actor, { flags: refs, reason: parsed.data.reason });
    return redirect(`/admin/flags?done=${decision}&n=${results.length}`);
  } catch (error) {
    if (error instanceof ActionRefused) return fail({ "flags-list": error.message }, error.kind === "conflict" ? 409 : 400);
    throw error;
  }
}

export default function TerminationFlags() {
  const { status, flags, total, page, totalPages, message, options, supplier, lapse } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const fieldErrors = actionData?.fieldErrors ?? {};
  const chosen = new Set([actionData?.values.flags ?? []].flat());
  const value = (name: string) => (typeof actionData?.values[name] === "string" ? (actionData.values[name] as string) : undefined);
  const preview = actionData?.preview;

  if (preview) {
    const ok = preview.lines.filter((line) => line.ok);
    return (
      <>
        <h1>Check what will happen</h1>
        <p>
          {preview.decision === "notice"
            ? `Termination notices with a ${preview.noticeMonths}-month notice period. Reason: ${preview.reason}`
            : `Clear the flags. Reason: ${preview.reason}`}
        </p>
        <Table
          caption={`${preview.lines.length} chosen ${preview.lines.length === 1 ? "contract" : "contracts"}`}
          head={[{ label: "Contract" }, { label: "Buyer" }, { label: "Solution" }, { label: "What will happen" }]}
          rows={preview.lines.map((line) => [line.callOffId, line.organisationName, line.solutionName, <span key="o" className={line.ok ? undefined : "font-bold text-red-dark"}>{line.outcome}</span>])}
        />
        {ok.length === preview.lines.length ? (
          <Form method="post">
            <input type="hidden" name="csrf" value={csrf} />
            <input type="hidden" name="decision" value={preview.decision} />
            <input type="hidden" name="reason" value={preview.reason} />
            {preview.noticeMonths !== null ? <input type="hidden" name="noticeMonths" value={preview.noticeMonths} /> : null}
            {preview.flags.map((ref) => (
              <input key={ref} type="hidden" name="flags" value={ref} />
            ))}
            <Button name="intent" value="confirm" variant={preview.decision === "notice" ? "warning" : "primary"}>
              {preview.decision === "notice" ? "Issue termination notices" : "Clear flags"}
            </Button>
          </Form>
        ) : (
          <p>Some chosen flags cannot be decided this way. Go back and change your choice.</p>
        )}
        <p>
          <AppLink href="/admin/flags">Go back to the termination flags</AppLink>
        </p>
      </>
    );
  }

  return (
    <>
      {actionData?.errors?.length ? <ErrorSummary errors={actionData.errors} /> : null}
      {message ? (
        <NotificationBanner type="success">
          <p>{message}</p>
        </NotificationBanner>
      ) : null}
      <h1>Termination flags</h1>
      <p>Contracts flagged because their solution's remediation failed or it was suspended. Choose one or more, see what will happen, then decide.</p>
      <Form method="get" className="mb-6 flex flex-wrap items-end gap-4">
        <Select id="status" name="status" label="Show" defaultValue={status} options={FLAG_STATUSES.map((s) => ({ value: s, label: STATUS_WORDS[s] }))} />
        <Select id="supplier" name="supplier" label="Supplier" defaultValue={supplier} options={[{ value: "", label: "All suppliers" }, ...options.suppliers]} />
        <Select id="lapse" name="lapse" label="Lapse" defaultValue={lapse} options={[{ value: "", label: "Every lapse" }, ...options.lapses]} />
        <Button variant="secondary" className="mb-6">
          Apply
        </Button>
      </Form>
      {flags.length === 0 ? (
        <p>No flags here.</p>
      ) : (
        <Form method="post">
          <input type="hidden" name="csrf" value={csrf} />
          <input type="hidden" name="supplier" value={supplier} />
          <input type="hidden" name="lapse" value={lapse} />
          <div id="flags-list" tabIndex={-1}>
            {fieldErrors.flags || fieldErrors["flags-list"] ? <p className="font-bold text-red">{fieldErrors.flags ?? fieldErrors["flags-list"]}</p> : null}
            <Table
              caption={`${count(total)} ${total === 1 ? "flag" : "flags"}`}
              head={[
                { label: status === "OPEN" ? "Choose" : "Status" },
                { label: "Contract" },
                { label: "Buyer" },
                { label: "Solution and supplier" },
                { label: "Why flagged" },
                { label: "Patients", numeric: true },
                { label: "Annual value", numeric: true },
              ]}
              rows={flags.map((flag) => [
                status === "OPEN" ? (
                  <span key="choose" className="relative block">
                    <input
                      id={`flag-${flag.id}`}
                      type="checkbox"
                      name="flags"
                      value={`${flag.id}:${flag.version}`}
                      defaultChecked={chosen.has(`${flag.id}:${flag.version}`)}
                      className="h-8 w-8 cursor-pointer border-2 border-text focus:outline focus:outline-4 focus:outline-focus"
                    />
                    <label htmlFor={`flag-${flag.id}`}>
                      <VisuallyHidden>Choose contract {flag.callOffId}</VisuallyHidden>
                    </label>
                  </span>
                ) : (
                  <span key="status">
                    <Tag colour={FLAG_LABELS[flag.status].colour}>{FLAG_LABELS[flag.status].text}</Tag>
                    {flag.terminatesOn ? <span className="block text-16">ends {formatNhsDate(flag.terminatesOn)}</span> : null}
                    {flag.resolutionReason ? <span className="block text-16">{flag.resolutionReason}</span> : null}
                  </span>
                ),
                <span key="contract">
                  {flag.callOffId}
                  <span className="block text-16 text-text-secondary">ends {formatNhsDate(flag.contractEndDate)}</span>
                </span>,
                `${flag.organisationName} (${flag.odsCode})`,
                <span key="solution">
                  {flag.solutionName}
                  <span className="block text-16 text-text-secondary">{flag.supplierName}</span>
                </span>,
                flag.reason,
                count(flag.patientsCovered),
                pounds(flag.annualValue),
              ])}
            />
          </div>
          <Pagination
            currentPage={page}
            totalPages={totalPages}
            href={(p) => `/admin/flags?${new URLSearchParams({ status, ...(supplier ? { supplier } : {}), ...(lapse ? { lapse } : {}), page: String(p) })}`}
          />
          {status === "OPEN" ? (
            <>
              <div className="mb-6 flex items-center gap-3">
                <input
                  id="all"
                  type="checkbox"
                  name="all"
                  value="yes"
                  defaultChecked={actionData?.values.all === "yes"}
                  className="h-8 w-8 shrink-0 cursor-pointer border-2 border-text focus:outline focus:outline-4 focus:outline-focus"
                />
                <label htmlFor="all" className="cursor-pointer">
                  Choose all {count(total)} open {total === 1 ? "flag" : "flags"}
                  {supplier || lapse ? " that match the filters" : ""}, on every page
                </label>
              </div>
              <Radios
                id="decision"
                name="decision"
                label="Decision for the chosen flags"
                labelSize="m"
                defaultValue={value("decision")}
                error={fieldErrors.decision}
                items={[
                  { value: "notice", label: "Issue termination notices", hint: "Each contract ends after the notice period, or at its own end date if that is sooner." },
                  { value: "clear", label: "Clear the flags", hint: "The contracts continue." },
                ]}
              />
              <TextInput
                id="noticeMonths"
                name="noticeMonths"
                label="Notice period in months (for termination notices)"
                labelSize="s"
                inputMode="numeric"
                width={3}
                defaultValue={value("noticeMonths") ?? String(DEFAULT_NOTICE_MONTHS)}
                error={fieldErrors.noticeMonths}
              />
              <Textarea id="reason" name="reason" label="Reason" labelSize="s" hint="Buyers see this in their email." maxLength={2000} defaultValue={value("reason")} error={fieldErrors.reason} />
              <Button name="intent" value="preview">
                Preview decision
              </Button>
            </>
          ) : null}
        </Form>
      )}
    </>
  );
}
