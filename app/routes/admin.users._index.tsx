import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { count } from "~/components/admin/labels";
import { AppLink, Button, ButtonLink, NotificationBanner, Pagination, Select, Table, Tag, TextInput } from "~/components/nhs";
import { listUsers } from "~/modules/admin/users.server";
import { USER_ROLES } from "~/modules/users/user-rules";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { roleLabel } from "~/utils/permissions";

export const handle = { title: "Users" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "user", action: "manage" });
  const params = new URL(request.url).searchParams;
  const organisation = params.get("organisation")?.trim().slice(0, 20) ?? "";
  const email = params.get("email")?.trim().slice(0, 254) ?? "";
  const requestedRole = params.get("role") ?? "";
  const role = (USER_ROLES as readonly string[]).includes(requestedRole) ? (requestedRole as (typeof USER_ROLES)[number]) : undefined;
  const requestedActive = params.get("active") ?? "";
  const active = requestedActive === "yes" ? true : requestedActive === "no" ? false : undefined;
  const result = await listUsers(db(), actor, { organisation: organisation || undefined, role, active, email: email || undefined, page: Number(params.get("page") ?? 1) });
  return json({ filter: { organisation, email, role: role ?? "", active: active === undefined ? "" : requestedActive }, invited: params.get("invited"), ...result });
}

export default function Users() {
  const { filter, invited, users, total, page, totalPages } = useLoaderData<typeof loader>();
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== "")).toString();
  return (
    <>
      {invited ? (
        <NotificationBanner type="success">
          <p>Invitation sent to {invited}. It can be accepted for 7 days.</p>
        </NotificationBanner>
      ) : null}
      <h1>Users</h1>
      <ButtonLink href={`/admin/users/new${filter.organisation ? `?organisation=${encodeURIComponent(filter.organisation)}` : ""}`}>Invite a user</ButtonLink>
      <Form method="get" className="mb-6 flex flex-wrap items-end gap-4">
        <TextInput id="email" name="email" label="Email address contains" labelSize="s" width={20} spellCheck={false} defaultValue={filter.email} />
        <TextInput id="organisation" name="organisation" label="Organisation ODS code" labelSize="s" width={10} defaultValue={filter.organisation} />
        <Select id="role" name="role" label="Role" labelSize="s" emptyOption="Any role" defaultValue={filter.role} options={USER_ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} />
        <Select
          id="active"
          name="active"
          label="Status"
          labelSize="s"
          emptyOption="Active or deactivated"
          defaultValue={filter.active}
          options={[
            { value: "yes", label: "Active" },
            { value: "no", label: "Deactivated" },
          ]}
        />
        <Button variant="secondary" className="mb-6">
          Filter
        </Button>
      </Form>
      <Table
        caption={`${count(total)} ${total === 1 ? "user" : "users"}`}
        head={[{ label: "Email address" }, { label: "Name" }, { label: "Organisation" }, { label: "Role" }, { label: "Status" }]}
        rows={users.map((u) => [
          <AppLink key="email" href={`/admin/users/${u.id}`}>
            <span className="break-all">{u.email}</span>
          </AppLink>,
          u.name,
          `${u.organisation.name} (${u.organisation.odsCode})`,
          roleLabel(u.role),
          <Tag key="status" colour={u.isActive ? "green" : "grey"}>
            {u.isActive ? "Active" : "Deactivated"}
          </Tag>,
        ])}
      />
      <Pagination currentPage={page} totalPages={totalPages} href={(p) => `/admin/users?${query ? `${query}&` : ""}page=${p}`} />
      <p>
        <AppLink href="/admin/email-domains">Allowed email domains</AppLink>
      </p>
    </>
  );
}
