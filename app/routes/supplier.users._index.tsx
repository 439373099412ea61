import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Button, ErrorSummary, NotificationBanner, Radios, Table, Tag, TextInput } from "~/components/nhs";
import { formatNhsDate, londonDateOf } from "~/modules/dates";
import { deactivateColleague, inviteColleague, inviteSchema, listColleagues } from "~/modules/suppliers/colleagues.server";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/forms";
import { roleLabel } from "~/utils/permissions";

export const handle = { title: "Colleagues" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "user", action: "read" });
  const { users, invitations } = await listColleagues(db(), actor);
  return json({
    me: actor.userId,
    users: users.map((u) => ({ ...u, role: roleLabel(u.role) })),
    invitations: invitations.map((i) => ({ id: i.id, email: i.email, role: roleLabel(i.role), expires: formatNhsDate(londonDateOf(i.expiresAt)) })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "user", action: "read" });
  const form = await request.formData();
  if (form.get("intent") === "deactivate") {
    const result = await deactivateColleague(db(), actor, String(form.get("userId") ?? ""));
    if (!result.ok) return json({ errors: [{ fieldId: "colleagues", message: result.message! }], fieldErrors: {} as Record<string, string>, values: {} }, { status: 400 });
    return redirect("/supplier/users?done=deactivated");
  }
  const values = formValues(form);
  const parsed = parseForm(inviteSchema, form);
  if (!parsed.ok) return json({ errors: parsed.summary, fieldErrors: parsed.errors, values }, { status: 400 });
  const result = await inviteColleague(db(), actor, parsed.data);
  if (!result.ok) return json({ errors: [{ fieldId: result.field, message: result.message }], fieldErrors: { [result.field]: result.message }, values }, { status: 400 });
  return redirect("/supplier/users?done=invited");
}

const DONE: Record<string, string> = { invited: "Invitation sent. It can be accepted for 7 days.", deactivated: "The colleague was deactivated and signed out." };

export default function Colleagues() {
  const { me, users, invitations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  const values = (actionData?.values ?? {}) as Record<string, string>;
  const fieldErrors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  const done = DONE[params.get("done") ?? ""];
  return (
    <>
      <ErrorSummary errors={actionData?.errors ?? []} />
      {done ? <NotificationBanner type="success">{done}</NotificationBanner> : null}
      <h1>Colleagues</h1>
      <div id="colleagues" tabIndex={-1}>
        <Table
          caption="People in your organisation"
          head={[{ label: "Name" }, { label: "Email address" }, { label: "Role" }, { label: "Status" }]}
          rows={users.map((u) => [
            u.name,
            u.email,
            u.role,
            u.isActive ? (
              u.id === me ? (
                <Tag key="you" colour="green">Active (you)</Tag>
              ) : (
                <Form key="deactivate" method="post">
                  <input type="hidden" name="csrf" value={csrf} />
                  <input type="hidden" name="userId" value={u.id} />
                  <Tag colour="green">Active</Tag>{" "}
                  <Button name="intent" value="deactivate" variant="secondary" className="mb-0 mt-2">
                    Deactivate<span className="sr-only"> {u.name}</span>
                  </Button>
                </Form>
              )
            ) : (
              <Tag key="inactive" colour="grey">Deactivated</Tag>
            ),
          ])}
        />
      </div>
      {invitations.length > 0 ? (
        <Table caption="Invitations not yet accepted" head={[{ label: "Email address" }, { label: "Role" }, { label: "Expires" }]} rows={invitations.map((i) => [i.email, i.role, i.expires])} />
      ) : null}
      <h2>Invite a colleague</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={csrf} />
        <TextInput id="email" name="email" type="email" label="Email address" spellCheck={false} defaultValue={values.email} error={fieldErrors.email} />
        <Radios
          id="role"
          name="role"
          label="What can they do?"
          defaultValue={values.role}
          error={fieldErrors.role}
          items={[
            { value: "SUPPLIER", label: "Supplier", hint: "Edit listings, upload evidence, see orders and contracts." },
            { value: "SUPPLIER_ACCOUNT_MANAGER", label: "Supplier account manager", hint: "All of that, and invite and deactivate colleagues." },
          ]}
        />
        <Button name="intent" value="invite" preventDoubleClick>
          Send invitation
        </Button>
      </Form>
    </>
  );
}
