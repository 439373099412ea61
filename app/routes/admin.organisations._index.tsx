import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { AppLink, Button, ButtonLink, NotificationBanner, Pagination, Table, TextInput } from "~/components/nhs";
import { formatNhsDate, fromDbDate } from "~/modules/dates";
import { listOrganisations } from "~/modules/admin/organisations.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Buyer organisations" };

const TYPE_WORDS: Record<string, string> = { GP_PRACTICE: "GP practice", ICB: "ICB", SUB_ICB_LOCATION: "Sub-ICB location", CSU: "CSU", CCG: "CCG" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "organisation", action: "manage" });
  const params = new URL(request.url).searchParams;
  const search = params.get("search")?.trim().slice(0, 100) ?? "";
  const result = await listOrganisations(db(), actor, { search: search || undefined, page: Number(params.get("page") ?? 1) });
  return json({ search, added: params.get("added"), ...result });
}

export default function Organisations() {
  const { search, added, organisations, total, page, totalPages } = useLoaderData<typeof loader>();
  return (
    <>
      {added ? (
        <NotificationBanner type="success">
          <p>Organisation {added} added.</p>
        </NotificationBanner>
      ) : null}
      <h1>Buyer organisations</h1>
      <div className="flex flex-wrap gap-4">
        <ButtonLink href="/admin/organisations/new">Add an organisation</ButtonLink>
        <ButtonLink variant="secondary" href="/admin/organisations/import">
          Import practice list sizes
        </ButtonLink>
      </div>
      <Form method="get" className="mb-6 flex flex-wrap items-end gap-4">
        <TextInput id="search" name="search" label="Name or ODS code" labelSize="s" width={20} defaultValue={search} />
        <Button variant="secondary" className="mb-6">
          Search
        </Button>
      </Form>
      <Table
        caption={`${total.toLocaleString("en-GB")} ${total === 1 ? "organisation" : "organisations"}`}
        head={[{ label: "Organisation" }, { label: "ODS code" }, { label: "Type" }, { label: "ICB" }, { label: "Practice list size", numeric: true }]}
        rows={organisations.map((o) => [
          o.name,
          o.odsCode,
          TYPE_WORDS[o.type] ?? o.type,
          o.icb?.name ?? "",
          o.practiceListSize === null ? "" : `${o.practiceListSize.toLocaleString("en-GB")}${o.listSizeUpdatedOn ? ` (${formatNhsDate(fromDbDate(new Date(o.listSizeUpdatedOn)))})` : ""}`,
        ])}
      />
      <Pagination currentPage={page} totalPages={totalPages} href={(p) => `/admin/organisations?${search ? `search=${encodeURIComponent(search)}&` : ""}page=${p}`} />
      <p>
        <AppLink href="/admin/frameworks">Frameworks</AppLink> · <AppLink href="/admin/standards">Standards</AppLink>
      </p>
    </>
  );
}
