import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { EMAIL_LABELS as STATUS_TAGS, EMAIL_STATUSES } from "~/components/admin/labels";
import { AppLink, Button, Pagination, Select, Table, Tag, TextInput } from "~/components/nhs";
import { listEmails } from "~/modules/admin/mailbox.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Mailbox" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "mailbox", action: "read" });
  const params = new URL(request.url).searchParams;
  const recipient = params.get("recipient")?.trim() ?? "";
  const requested = params.get("status") ?? "";
  const status = (EMAIL_STATUSES as readonly string[]).includes(requested) ? (requested as (typeof EMAIL_STATUSES)[number]) : undefined;
  const result = await listEmails(db(), actor, { recipient: recipient || undefined, status, page: Number(params.get("page") ?? 1) });
  return json({ recipient, status: status ?? "", ...result });
}

const when = (iso: string) =>
  new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" }).format(new Date(iso));

export default function Mailbox() {
  const { recipient, status, emails, total, page, totalPages } = useLoaderData<typeof loader>();
  const query = new URLSearchParams({ ...(recipient ? { recipient } : {}), ...(status ? { status } : {}) }).toString();
  return (
    <>
      <h1>Mailbox</h1>
      <p>Every email the catalogue has queued or sent. When no mail server is configured, emails stay here.</p>
      <Form method="get" className="mb-6 flex flex-wrap items-end gap-4">
        <TextInput id="recipient" name="recipient" label="Recipient" labelSize="s" width={30} defaultValue={recipient} />
        <Select id="status" name="status" label="Status" labelSize="s" emptyOption="Any" defaultValue={status} options={EMAIL_STATUSES.map((s) => ({ value: s, label: STATUS_TAGS[s].text }))} />
        <Button variant="secondary" className="mb-6">
          Filter
        </Button>
      </Form>
      <Table
        caption={`${total.toLocaleString("en-GB")} ${total === 1 ? "email" : "emails"}`}
        head={[{ label: "Queued" }, { label: "To" }, { label: "Subject" }, { label: "Status" }]}
        rows={emails.map((email) => [
          when(email.createdAt),
          <span key="to" className="break-all">{email.to}</span>,
          <AppLink key="subject" href={`/admin/mailbox/${email.id}`}>
            {email.subject}
          </AppLink>,
          <Tag key="status" colour={STATUS_TAGS[email.status].colour}>
            {STATUS_TAGS[email.status].text}
          </Tag>,
        ])}
      />
      <Pagination currentPage={page} totalPages={totalPages} href={(p) => `/admin/mailbox?${query ? `${query}&` : ""}page=${p}`} />
    </>
  );
}
