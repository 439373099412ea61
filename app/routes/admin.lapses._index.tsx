import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ASSURANCE_LABELS, count, pounds } from "~/components/admin/labels";
import { AppLink, Button, Select, Table, Tag } from "~/components/nhs";
import { formatNhsDate } from "~/modules/dates";
import { LAPSE_FILTERS, type LapseFilter } from "~/modules/lapses/lapse-rules";
import { lapseQueue } from "~/modules/lapses/lapses.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Lapse queue" };

const FILTER_LABELS: Record<LapseFilter, string> = { ALL: "Lapsed and in remediation", LAPSED: "Lapsed, no plan yet", IN_REMEDIATION: "In remediation" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "assurance", action: "agreeRemediation" });
  const requested = new URL(request.url).searchParams.get("status");
  const filter = (LAPSE_FILTERS as readonly string[]).includes(requested ?? "") ? (requested as LapseFilter) : "ALL";
  return json({ filter, lapses: await lapseQueue(db(), actor, { filter }) });
}

export default function LapseQueue() {
  const { filter, lapses } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Lapse queue</h1>
      <p>
        Assurances that have lapsed, riskiest first: remediation plans whose deadline has passed, then safety- and security-critical standards, then the
        patients covered by live contracts, then the annual contract value at risk. Agree a remediation plan or suspend the solutions.
      </p>
      <Form method="get" className="mb-6 flex flex-wrap items-end gap-4">
        <Select
          id="status"
          name="status"
          label="Show"
          defaultValue={filter}
          options={LAPSE_FILTERS.map((value) => ({ value, label: FILTER_LABELS[value] }))}
        />
        <Button variant="secondary" className="mb-6">
          Apply
        </Button>
      </Form>
      {lapses.length === 0 ? (
        <p>No assurances are lapsed.</p>
      ) : (
        <Table
          caption={`${lapses.length} ${lapses.length === 1 ? "assurance" : "assurances"}`}
          head={[
            { label: "Supplier and standard" },
            { label: "Lapsed on" },
            { label: "Solutions affected" },
            { label: "Live contracts", numeric: true },
            { label: "Patients covered", numeric: true },
            { label: "Annual value at risk", numeric: true },
            { label: "Status" },
          ]}
          rows={lapses.map((lapse) => [
            <span key="name">
              <AppLink href={`/admin/lapses/${lapse.id}`}>
                {lapse.supplierName}: {lapse.standardName}
              </AppLink>
              {lapse.safetyCritical ? <span className="block text-16 font-bold text-red-dark">Safety critical</span> : null}
              {lapse.securityCritical ? <span className="block text-16 font-bold text-red-dark">Security critical</span> : null}
            </span>,
            formatNhsDate(lapse.lapsedOn),
            lapse.solutions.length === 0 ? "None published" : lapse.solutions.map((solution) => `${solution.name}${solution.status === "SUSPENDED" ? " (suspended)" : solution.status === "IN_REMEDIATION" ? " (in remediation)" : ""}`).join(", "),
            count(lapse.liveContracts),
            count(lapse.patientsCovered),
            pounds(lapse.annualValueAtRisk),
            <span key="status">
              {lapse.state.overdue ? (
                <Tag colour="red">Deadline passed</Tag>
              ) : (
                <Tag colour={ASSURANCE_LABELS[lapse.status].colour}>{ASSURANCE_LABELS[lapse.status].text}</Tag>
              )}
              <span className={`block text-16${lapse.state.overdue ? " font-bold text-red-dark" : ""}`}>{lapse.state.text}</span>
            </span>,
          ])}
        />
      )}
    </>
  );
}
