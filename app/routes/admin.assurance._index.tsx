import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ASSURANCE_LABELS } from "~/components/admin/labels";
import { AppLink, Button, ButtonLink, Pagination, Select, Table, Tag, TextInput } from "~/components/nhs";
import { ASSURANCE_STATUSES } from "~/modules/assurance/assurance-status";
import { assuranceRegister, parseRegisterFilters } from "~/modules/assurance/register.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Assurance register" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "assurance", action: "record" });
  const params = new URL(request.url).searchParams;
  const filters = parseRegisterFilters(params);
  const register = await assuranceRegister(db(), actor, filters, Number(params.get("page") ?? 1));
  const query = new URLSearchParams(
    Object.entries({ supplier: filters.supplier, standard: filters.standardId, status: filters.status }).filter((e): e is [string, string] => Boolean(e[1])),
  ).toString();
  return json({ filters, query, ...register });
}

export default function AssuranceRegister() {
  const { filters, query, records, total, page, totalPages, standards } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Assurance register</h1>
      <p>Every supplier and Catalogue Solution against each standard it must meet. States are worked out from today's date.</p>
      <Form method="get" className="mb-6 flex flex-wrap items-end gap-4">
        <TextInput id="supplier" name="supplier" label="Supplier or solution" labelSize="s" width={20} defaultValue={filters.supplier ?? ""} />
        <Select id="standard" name="standard" label="Standard" labelSize="s" emptyOption="Any" defaultValue={filters.standardId ?? ""} options={standards.map((s) => ({ value: s.id, label: `${s.id} ${s.name}` }))} />
        <Select id="status" name="status" label="Status" labelSize="s" emptyOption="Any" defaultValue={filters.status ?? ""} options={ASSURANCE_STATUSES.map((s) => ({ value: s, label: ASSURANCE_LABELS[s].text }))} />
        <Button variant="secondary" className="mb-6">
          Filter
        </Button>
      </Form>
      <ButtonLink variant="secondary" href={`/admin/assurance.csv${query ? `?${query}` : ""}`} reloadDocument>
        Download as CSV
      </ButtonLink>
      <Table
        caption={`${total.toLocaleString("en-GB")} assurance ${total === 1 ? "record" : "records"}`}
        head={[{ label: "Supplier" }, { label: "Covers" }, { label: "Standard" }, { label: "State" }]}
        rows={records.map((r) => [
          r.supplierName,
          r.subject,
          `${r.standardId} ${r.standardName}`,
          <span key="state">
            <Tag colour={ASSURANCE_LABELS[r.status].colour}>{ASSURANCE_LABELS[r.status].text}</Tag>
            <span className="block text-16">{r.badge}</span>
            {r.status === "LAPSED" || r.status === "IN_REMEDIATION" ? <AppLink href={`/admin/lapses/${r.id}`}>Open in the lapse queue</AppLink> : null}
          </span>,
        ])}
      />
      <Pagination currentPage={page} totalPages={totalPages} href={(p) => `/admin/assurance?${query ? `${query}&` : ""}page=${p}`} />
    </>
  );
}
