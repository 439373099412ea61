import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ROLE_HINTS } from "~/components/users/ColleaguesPage";
import { BackLink, Button, Radios, SummaryList, Tag } from "~/components/nhs";
import { Outcome } from "~/components/admin/Outcome";
import { ActionRefused } from "~/modules/admin/guard.server";
import { changeUserRole, getUser, roleSchema, setUserActive } from "~/modules/admin/users.server";
import { formatNhsDate, londonDateOf } from "~/modules/dates";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/forms";
import { roleLabel } from "~/utils/permissions";

export const handle = { title: (data: { user?: { email: string } } | undefined) => data?.user?.email ?? "User" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "user", action: "manage" });
  const user = await getUser(db(), actor, params.userId ?? "");
  if (!user) throw new Response("Not found", { status: 404 });
  return json({ user, me: actor.userId, done: new URL(request.url).searchParams.get("done") });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "user", action: "manage" });
  const id = params.userId ?? "";
  const values = formValues(await request.formData());
  const intent = values.intent;
  const fail = (fieldId: string, message: string) => json({ errors: [{ fieldId, message }], fieldErrors: { [fieldId]: message } as Record<string, string>, values }, { status: 400 });
  try {
    if (intent === "deactivate" || intent === "reactivate") {
      await setUserActive(db(), actor, id, intent === "reactivate");
      return redirect(`/admin/users/${id}?done=${intent}d`);
    }
    const parsed = parseForm(roleSchema, values);
    if (!parsed.ok) return json({ errors: parsed.summary, fieldErrors: parsed.errors, values }, { status: 400 });
    const { changed } = await changeUserRole(db(), actor, id, parsed.data.role);
    return redirect(`/admin/users/${id}?done=${changed ? "role" : "unchanged"}`);
  } catch (error) {
    if (error instanceof ActionRefused) return fail(intent === "deactivate" || intent === "reactivate" ? "status" : "role", error.message);
    throw error;
  }
}

const DONE: Record<string, string> = {
  role: "Role changed.",
  unchanged: "The role was not changed: it was already that role.",
  deactivated: "User deactivated and signed out everywhere.",
  reactivated: "User reactivated. They can sign in again.",
};

export default function UserPage() {
  const { user, me, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  const role = typeof actionData?.values.role === "string" ? actionData.values.role : user.role;
  const isMe = user.id === me;
  return (
    <>
      <BackLink href="/admin/users">Back to users</BackLink>
      <Outcome errors={actionData?.errors} done={actionData ? null : done} messages={DONE} />
      <span className="mb-2 block text-19 text-text-secondary">{user.organisation.name}</span>
      <h1 className="break-all">{user.email}</h1>
      <SummaryList
        rows={[
          { key: "Name", value: user.name },
          { key: "Organisation", value: `${user.organisation.name} (${user.organisation.odsCode})` },
          { key: "Role", value: roleLabel(user.role) },
          { key: "Status", value: <Tag colour={user.isActive ? "green" : "grey"}>{user.isActive ? "Active" : "Deactivated"}</Tag> },
          { key: "Last signed in", value: user.lastLoginAt ? formatNhsDate(londonDateOf(new Date(user.lastLoginAt))) : "Never" },
          { key: "Signed in on", value: `${user.sessions} ${user.sessions === 1 ? "device" : "devices"}` },
        ]}
      />
      {isMe ? (
        <p>This is your own account: another member of commercial staff changes its role or status.</p>
      ) : (
        <>
          <h2>Role</h2>
          <Form method="post">
            <input type="hidden" name="csrf" value={csrf} />
            <Radios id="role" name="role" label="What can they do?" labelSize="s" hint={`Roles people in ${user.organisation.name} can have.`} defaultValue={role} error={errors.role} items={user.roles.map((r) => ({ value: r, label: roleLabel(r), hint: ROLE_HINTS[r] }))} />
            <Button name="intent" value="role">
              Change role
            </Button>
          </Form>
          <h2 id="status" tabIndex={-1}>
            {user.isActive ? "Deactivate" : "Reactivate"}
          </h2>
          {errors.status ? <p className="font-bold text-red">{errors.status}</p> : null}
          <Form method="post">
            <input type="hidden" name="csrf" value={csrf} />
            <p>{user.isActive ? "They are signed out everywhere at once and cannot sign in until reactivated." : "They can sign in again with their password."}</p>
            <Button name="intent" value={user.isActive ? "deactivate" : "reactivate"} variant={user.isActive ? "warning" : "secondary"}>
              {user.isActive ? "Deactivate user" : "Reactivate user"}
            </Button>
          </Form>
        </>
      )}
    </>
  );
}
