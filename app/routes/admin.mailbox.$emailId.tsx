import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { EMAIL_LABELS as STATUS_TAGS } from "~/components/admin/labels";
import { BackLink, SummaryList, Tag } from "~/components/nhs";
import { getEmail } from "~/modules/admin/mailbox.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: (data: { email?: { subject: string } } | undefined) => data?.email?.subject ?? "Email" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "mailbox", action: "read" });
  const email = await getEmail(db(), actor, params.emailId ?? "");
  if (!email) throw new Response("Not found", { status: 404 });
  return json({ email });
}

export default function EmailView() {
  const { email } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink href="/admin/mailbox">Back to the mailbox</BackLink>
      <h1 className="break-words">{email.subject}</h1>
      <SummaryList
        rows={[
          { key: "To", value: email.to },
          { key: "Status", value: <Tag colour={STATUS_TAGS[email.status].colour}>{STATUS_TAGS[email.status].text}</Tag> },
          { key: "Queued", value: new Date(email.createdAt).toLocaleString("en-GB", { timeZone: "Europe/London" }) },
          { key: "Sent", value: email.sentAt ? new Date(email.sentAt).toLocaleString("en-GB", { timeZone: "Europe/London" }) : "Not sent" },
          ...(email.outboxMessage?.lastError ? [{ key: "Last error", value: email.outboxMessage.lastError }] : []),
        ]}
      />
      <h2>Message</h2>
      {/* The plain-text body: user-supplied text is never rendered as HTML. */}
      <pre className="mb-8 whitespace-pre-wrap break-words border-l-4 border-grey-3 bg-white p-4 font-sans text-19">{email.textBody}</pre>
    </>
  );
}
