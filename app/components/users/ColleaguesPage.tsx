import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Button, ErrorSummary, NotificationBanner, Radios, Table, Tag, TextInput } from "~/components/nhs";
import type { ColleaguesAction, ColleaguesLoader } from "~/modules/users/colleagues-page.server";
import { useCsrfToken } from "~/root";
import { roleLabel, type Role } from "~/utils/permissions";

const DONE: Record<string, string> = { invited: "Invitation sent. It can be accepted for 7 days.", deactivated: "The colleague was deactivated and signed out." };

export const ROLE_HINTS: Partial<Record<Role, string>> = {
  BUYER: "Find solutions, shortlist them and place call-off orders.",
  ACCOUNT_MANAGER: "All of that, and invite and deactivate colleagues.",
  SUPPLIER: "Edit listings, upload evidence, see orders and contracts.",
  SUPPLIER_ACCOUNT_MANAGER: "All of that, and invite and deactivate colleagues.",
  AUTHORITY: "Run the catalogue: reviews, assurance, frameworks, users.",
};

/** An account manager's colleagues: who has an account, open invitations, and inviting someone. */
export function ColleaguesPage() {
  const { me, roles, users, invitations, requestsWaiting, requestsPath } = useLoaderData<ColleaguesLoader>();
  const actionData = useActionData<ColleaguesAction>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  const values = (actionData?.values ?? {}) as Record<string, string>;
  const fieldErrors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  const done = DONE[params.get("done") ?? ""];
  return (
    <>
      <ErrorSummary errors={actionData?.errors ?? []} />
      {done && !actionData ? <NotificationBanner type="success">{done}</NotificationBanner> : null}
      <h1>Colleagues</h1>
      <p>
        <a href={requestsPath}>Account requests</a>: {requestsWaiting === 0 ? "none waiting" : `${requestsWaiting} waiting for your decision`}.
      </p>
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
        <Radios id="role" name="role" label="What can they do?" defaultValue={values.role} error={fieldErrors.role} items={roles.map((role) => ({ value: role, label: roleLabel(role), hint: ROLE_HINTS[role] }))} />
        <Button name="intent" value="invite" preventDoubleClick>
          Send invitation
        </Button>
      </Form>
    </>
  );
}
