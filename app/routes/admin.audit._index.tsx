import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { AppLink, Button, ButtonLink, DateInput, Details, ErrorSummary, Pagination, Select, Table, TextInput, type FieldError } from "~/components/nhs";
import { auditObjectTypes, listAuditEvents, parseAuditFilters, type AuditRow } from "~/modules/audit/audit-log.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Audit log" };

const FILTER_FIELDS = ["actor", "objectType", "objectId", "action", "from-day", "from-month", "from-year", "to-day", "to-month", "to-year"];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "auditLog", action: "read" });
  const params = new URL(request.url).searchParams;
  const { filters, errors } = parseAuditFilters(params);
  const values = Object.fromEntries(FILTER_FIELDS.map((name) => [name, params.get(name) ?? ""]));
  const query = new URLSearchParams(Object.entries(values).filter(([, value]) => value !== "")).toString();
  const objectTypes = await auditObjectTypes(db(), actor);
  const summary: FieldError[] = Object.entries(errors).map(([fieldId, message]) => ({ fieldId, message }));
  const result =
    summary.length > 0
      ? { events: [] as AuditRow[], total: 0, page: 1, totalPages: 1 }
      : await listAuditEvents(db(), actor, filters, Number(params.get("page") ?? 1));
  return json({ values, query, objectTypes, errors: summary, fieldErrors: errors, ...result });
}

const when = (iso: string) =>
  new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" }).format(new Date(iso));

export default function AuditLog() {
  const { values, query, objectTypes, errors, fieldErrors, events, total, page, totalPages } = useLoaderData<typeof loader>();
  const field = (name: string) => (values as Record<string, string>)[name] || undefined;
  const date = (name: string) => ({ day: field(`${name}-day`), month: field(`${name}-month`), year: field(`${name}-year`) });
  const errorOf = (name: string) => (fieldErrors as Record<string, string>)[name];
  return (
    <>
      {errors.length > 0 ? <ErrorSummary errors={errors} /> : null}
      <h1>Audit log</h1>
      <p>Every change made in the catalogue: who made it, in which role and organisation, what changed and when. The log cannot be edited or deleted.</p>
      <Form method="get" className="mb-8 border-b border-grey-4 pb-4">
        <div className="grid gap-x-6 tablet:grid-cols-2">
          <TextInput id="actor" name="actor" label="Actor (email or user id)" labelSize="s" defaultValue={field("actor")} />
          <Select
            id="objectType"
            name="objectType"
            label="Object type"
            labelSize="s"
            emptyOption="Any"
            defaultValue={field("objectType") ?? ""}
            options={objectTypes.map((type) => ({ value: type, label: type }))}
          />
          <TextInput id="objectId" name="objectId" label="Object id" labelSize="s" defaultValue={field("objectId")} />
          <TextInput id="action" name="action" label="Action" labelSize="s" hint="For example, contract.flag or assurance" defaultValue={field("action")} />
          <DateInput id="from" name="from" label="From" labelSize="s" defaultValue={date("from")} error={errorOf("from")} />
          <DateInput id="to" name="to" label="To" labelSize="s" defaultValue={date("to")} error={errorOf("to")} />
        </div>
        <div className="flex flex-wrap gap-4">
          <Button variant="secondary">Filter</Button>
          <ButtonLink variant="secondary" href={`/admin/audit.csv${query ? `?${query}` : ""}`} reloadDocument>
            Download as CSV
          </ButtonLink>
        </div>
        <p>
          <AppLink href="/admin/audit">Clear filters</AppLink>
        </p>
      </Form>
      <Table
        caption={`${total.toLocaleString("en-GB")} ${total === 1 ? "event" : "events"}`}
        head={[{ label: "When" }, { label: "Who" }, { label: "Action" }, { label: "Object" }, { label: "Change" }]}
        rows={events.map((event) => [
          when(event.occurredAt),
          event.actorName ? (
            <span key="who">
              {event.actorName}
              <span className="block text-16 text-text-secondary">
                {event.actorRole}
                {event.organisationName ? `, ${event.organisationName}` : ""}
              </span>
            </span>
          ) : (
            "System"
          ),
          event.action,
          <span key="object">
            {event.objectType}
            <span className="block break-all text-16 text-text-secondary">{event.objectId}</span>
          </span>,
          event.before || event.after ? (
            <Details key="change" summary="Before and after">
              <pre className="whitespace-pre-wrap break-all text-14">{`Before: ${JSON.stringify(event.before, null, 1)}\nAfter: ${JSON.stringify(event.after, null, 1)}`}</pre>
            </Details>
          ) : (
            ""
          ),
        ])}
      />
      <Pagination currentPage={page} totalPages={totalPages} href={(p) => `/admin/audit?${query ? `${query}&` : ""}page=${p}`} />
    </>
  );
}
