import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { count } from "~/components/admin/labels";
import { AppLink, Button, Pagination, Select, Table, Tag, TextInput } from "~/components/nhs";
import { listSuppliers, SUPPLIER_FILTERS } from "~/modules/admin/suppliers.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Suppliers" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "supplier", action: "manage" });
  const params = new URL(request.url).searchParams;
  const search = params.get("search")?.trim().slice(0, 100) ?? "";
  const requested = params.get("status") ?? "";
  const status = (SUPPLIER_FILTERS as readonly string[]).includes(requested) ? (requested as (typeof SUPPLIER_FILTERS)[number]) : undefined;
  const result = await listSuppliers(db(), actor, { status, search: search || undefined, page: Number(params.get("page") ?? 1) });
  return json({ search, status: status ?? "", ...result });
}

export default function Suppliers() {
  const { search, status, suppliers, total, page, totalPages } = useLoaderData<typeof loader>();
  const query = new URLSearchParams({ ...(search ? { search } : {}), ...(status ? { status } : {}) }).toString();
  return (
    <>
      <h1>Suppliers</h1>
      <p>An inactive supplier&apos;s listings leave search and cannot be ordered; its contracts and history stay.</p>
      <Form method="get" className="mb-6 flex flex-wrap items-end gap-4">
        <TextInput id="search" name="search" label="Name or supplier id" labelSize="s" width={20} defaultValue={search} />
        <Select
          id="status"
          name="status"
          label="Status"
          labelSize="s"
          emptyOption="Active or inactive"
          defaultValue={status}
          options={[
            { value: "active", label: "Active" },
            { value: "inactive", label: "Inactive" },
          ]}
        />
        <Button variant="secondary" className="mb-6">
          Filter
        </Button>
      </Form>
      <Table
        caption={`${count(total)} ${total === 1 ? "supplier" : "suppliers"}`}
        head={[{ label: "Supplier" }, { label: "Supplier id" }, { label: "Status" }, { label: "Published solutions", numeric: true }, { label: "Live contracts", numeric: true }]}
        rows={suppliers.map((s) => [
          <AppLink key="name" href={`/admin/suppliers/${s.id}`}>
            {s.name}
          </AppLink>,
          String(s.id),
          <Tag key="status" colour={s.isActive ? "green" : "grey"}>
            {s.isActive ? "Active" : "Inactive"}
          </Tag>,
          count(s.publishedSolutions),
          count(s.liveContracts),
        ])}
      />
      <Pagination currentPage={page} totalPages={totalPages} href={(p) => `/admin/suppliers?${query ? `${query}&` : ""}page=${p}`} />
    </>
  );
}
