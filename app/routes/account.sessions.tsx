import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { BackLink, Button, Table, Tag } from "~/components/nhs";
import { endSessions, listSessions } from "~/modules/accounts/account.server";
import { formatLondonDateTime } from "~/modules/dates";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { clientIp } from "~/utils/session.server";

export const handle = { title: "Where you are logged in" };

const METHODS: Record<string, string> = {
  password: "Password",
  "password+totp": "Password and authenticator code",
  cis2: "NHS Care Identity Service 2",
  invitation: "Accepted an invitation",
};

/** "Chrome on Windows" from a user agent, or the start of it when it is not one we know. */
function deviceOf(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const browser = /Edg\//.test(userAgent) ? "Edge" : /Firefox\//.test(userAgent) ? "Firefox" : /Chrom(e|ium)\//.test(userAgent) ? "Chrome" : /Safari\//.test(userAgent) ? "Safari" : null;
  const system = /Windows/.test(userAgent) ? "Windows" : /iPhone|iPad/.test(userAgent) ? "iOS" : /Mac OS X/.test(userAgent) ? "macOS" : /Android/.test(userAgent) ? "Android" : /Linux/.test(userAgent) ? "Linux" : null;
  return browser && system ? `${browser} on ${system}` : browser ?? system ?? userAgent.slice(0, 60);
}

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "account", action: "read" });
  const sessions = await listSessions(db(), actor);
  return json({
    csrf: actor.csrfToken,
    sessions: sessions.map((s) => ({
      id: s.id,
      current: s.current,
      device: deviceOf(s.userAgent),
      ip: s.ip ?? "Unknown",
      method: METHODS[s.method] ?? s.method,
      since: formatLondonDateTime(s.createdAt),
      lastSeen: s.lastSeenAt ? formatLondonDateTime(s.lastSeenAt) : "Not since logging in",
    })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "account", action: "update" });
  const form = await request.formData();
  const which = String(form.get("session") ?? "").slice(0, 100);
  if (!/^(others|[0-9a-f]{64})$/.test(which)) throw new Response("Choose a session to sign out", { status: 400 });
  await endSessions(db(), actor, which, { ip: clientIp(request) });
  return redirect("/account?done=sessions");
}

export default function Sessions() {
  const { csrf, sessions } = useLoaderData<typeof loader>();
  const others = sessions.filter((s) => !s.current).length;
  return (
    <>
      <BackLink href="/account">Back to your account</BackLink>
      <h1>Where you are logged in</h1>
      <p>If you see a session you do not recognise, sign it out and change your password.</p>
      <Table
        caption="Your sessions"
        head={[{ label: "Device" }, { label: "Logged in" }, { label: "Last active" }, { label: "Address" }, { label: <span className="sr-only">Action</span> }]}
        rows={sessions.map((s) => [
          <>
            {s.device} {s.current ? <Tag colour="green">This device</Tag> : null}
            <span className="block text-16 text-text-secondary">{s.method}</span>
          </>,
          s.since,
          s.lastSeen,
          s.ip,
          s.current ? (
            ""
          ) : (
            <Form method="post" className="m-0">
              <input type="hidden" name="csrf" value={csrf} />
              <input type="hidden" name="session" value={s.id} />
              <Button variant="secondary" className="mb-0">
                Sign out<span className="sr-only"> the session of {s.device} since {s.since}</span>
              </Button>
            </Form>
          ),
        ])}
      />
      {others > 0 ? (
        <Form method="post">
          <input type="hidden" name="csrf" value={csrf} />
          <input type="hidden" name="session" value="others" />
          <Button variant="warning" preventDoubleClick>
            Sign out of all other sessions
          </Button>
        </Form>
      ) : (
        <p>You are not logged in anywhere else.</p>
      )}
    </>
  );
}
