import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Button, ErrorSummary, NotificationBanner, SummaryList, Table, Textarea } from "~/components/nhs";
import type { AccountRequestsAction, AccountRequestsLoader } from "~/modules/accounts/account-requests-page.server";

/** Waiting account requests, each approved or declined with a reason, and the latest decisions. */
export function AccountRequests() {
  const { csrf, pending, decided, done, staff } = useLoaderData<AccountRequestsLoader>();
  const actionData = useActionData<AccountRequestsAction>();
  return (
    <>
      {done ? (
        <NotificationBanner type="success" title="Success">
          <p>{done === "approved" ? "The request was approved and an invitation sent." : "The request was declined and the person told why."}</p>
        </NotificationBanner>
      ) : null}
      <ErrorSummary errors={actionData?.errors ?? []} />
      <h1>Account requests</h1>
      <p id="requests">
        {staff
          ? "Requests for an account at any organisation. Organisations with an account manager of their own normally decide their own."
          : "People asking for an account at your organisation. Approving sends them an invitation to set a password."}
      </p>
      {pending.length === 0 ? <p>No requests are waiting for a decision.</p> : null}
      {pending.map((r) => (
        <section key={r.id} aria-labelledby={`request-${r.id}`} className="mb-8 border-b border-grey-4 pb-4">
          <h2 id={`request-${r.id}`}>{r.name}</h2>
          <SummaryList
            rows={[
              { key: "Email address", value: r.email },
              { key: "Organisation", value: r.organisation },
              { key: "Role asked for", value: r.role },
              { key: "Why they need it", value: r.reason || "Not given" },
              { key: "Asked on", value: r.requestedAt },
            ]}
          />
          <Form method="post">
            <input type="hidden" name="csrf" value={csrf} />
            <input type="hidden" name="requestId" value={r.id} />
            <Button name="intent" value="approve" preventDoubleClick>
              Approve<span className="sr-only"> {r.name}</span> and send an invitation
            </Button>
          </Form>
          <Form method="post" noValidate>
            <input type="hidden" name="csrf" value={csrf} />
            <input type="hidden" name="requestId" value={r.id} />
            <Textarea
              id={`declineReason-${r.id}`}
              name="declineReason"
              label={`Reason for declining ${r.name}'s request`}
              hint="Sent to them by email."
              rows={2}
              error={actionData?.requestId === r.id ? actionData.errors.find((e) => e.fieldId.startsWith("declineReason"))?.message : undefined}
            />
            <Button name="intent" value="decline" variant="secondary" preventDoubleClick>
              Decline<span className="sr-only"> {r.name}&apos;s request</span>
            </Button>
          </Form>
        </section>
      ))}
      {decided.length > 0 ? (
        <Table
          caption="Recent decisions"
          head={[{ label: "Person" }, { label: "Organisation" }, { label: "Decision" }, { label: "By" }, { label: "When" }]}
          rows={decided.map((r) => [`${r.name} (${r.email})`, r.organisation, r.status, r.by, r.decidedAt])}
        />
      ) : null}
    </>
  );
}
