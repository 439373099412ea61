import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { NotificationBanner, SummaryList } from "~/components/nhs";
import { accountOverview } from "~/modules/accounts/account.server";
import { formatLondonDateTime } from "~/modules/dates";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { roleLabel } from "~/utils/permissions";

export const handle = { title: "Your account" };

const DONE: Record<string, string> = {
  preferences: "Your email preferences have been saved.",
  password: "Your password has been changed. You have been signed out everywhere else.",
  sessions: "Those sessions have been signed out.",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "account", action: "read" });
  const account = await accountOverview(db(), actor);
  const done = new URL(request.url).searchParams.get("done") ?? "";
  return json({ account, organisation: actor.organisationName, role: roleLabel(actor.role), staff: actor.role === "AUTHORITY", done: DONE[done] ?? null });
}

export default function YourAccount() {
  const { account, organisation, role, staff, done } = useLoaderData<typeof loader>();
  const emails = [!account.expiryRemindersOff && "contract expiry reminders", !account.summariesOff && "summaries"].filter(Boolean).join(" and ");
  return (
    <>
      {done ? (
        <NotificationBanner type="success" title="Success">
          <p>{done}</p>
        </NotificationBanner>
      ) : null}
      <h1>Your account</h1>
      <SummaryList
        rows={[
          { key: "Name", value: account.name },
          { key: "Email address", value: account.email },
          { key: "Organisation", value: `${organisation} (${role})` },
          {
            key: "Optional emails",
            value: emails ? `You get ${emails}.` : "You get no optional emails. Notices your contracts require are always sent.",
            action: { href: "/account/notifications", label: "Change", visuallyHiddenText: "optional emails" },
          },
          {
            key: "Password",
            value: account.passwordChangedAt ? `Last changed ${formatLondonDateTime(account.passwordChangedAt)}` : "Set when your account was created",
            action: { href: "/account/password", label: "Change", visuallyHiddenText: "password" },
          },
          {
            key: "Two-factor sign-in",
            value: account.totpEnabledAt ? "On: you enter a code from your authenticator app when you log in." : staff ? "Required for commercial staff: set up at your next log in." : "Off",
            action: { href: "/account/two-factor", label: account.totpEnabledAt ? "Manage" : "Set up", visuallyHiddenText: "two-factor sign-in" },
          },
          {
            key: "Where you are logged in",
            value: `${account.sessions} ${account.sessions === 1 ? "session" : "sessions"}`,
            action: { href: "/account/sessions", label: "View", visuallyHiddenText: "where you are logged in" },
          },
          { key: "NHS Care Identity Service 2", value: account.linkedToCis2 ? "Linked: you can log in with your NHS smartcard or authenticator." : "Not linked" },
        ]}
      />
      <p>
        To change your name, email address or organisation, ask your organisation&apos;s account manager or <a href="/contact">contact the Buying Catalogue team</a>.
      </p>
    </>
  );
}
