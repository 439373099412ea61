import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useLocation, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { GeneralErrorBoundary, errorStatus, statusTitle } from "./components/GeneralErrorBoundary";
import { PageLayout } from "./components/Layout";
import stylesheet from "./tailwind.css?url";
import { optionalActor, roleOf } from "./utils/auth.server";
import { useNonce } from "./utils/nonce-provider";
import { useDocumentTitle } from "./utils/page-title";
import { navigationFor, roleLabel } from "./utils/permissions";
import { anonymousCsrf } from "./utils/session.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await optionalActor(request);
  const anonymous = actor ? null : await anonymousCsrf(request);
  const headers = new Headers();
  if (anonymous?.setCookie) headers.append("Set-Cookie", anonymous.setCookie);
  const role = roleOf(actor);
  return json(
    {
      actor: actor ? { name: actor.name, organisationName: actor.organisationName, roleLabel: roleLabel(role) } : null,
      navigation: navigationFor(role),
      csrfToken: actor?.csrfToken ?? anonymous?.token ?? "",
    },
    { headers },
  );
}

export type RootLoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

/** Forms read the CSRF token from here so each one need not load it again. */
export function useCsrfToken(): string {
  return useRouteLoaderData<typeof loader>("root")?.csrfToken ?? "";
}

function Document({ children, title }: { children: ReactNode; title: string }) {
  const nonce = useNonce();
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <Meta />
        <Links />
      </head>
      <body className="bg-grey-5 font-sans text-text">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Page({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const { pathname } = useLocation();
  const navigation = (data?.navigation ?? []).map((item) => ({
    ...item,
    current: item.href === pathname || (item.href !== "/" && pathname.startsWith(`${item.href}/`)),
  }));
  return (
    <PageLayout actor={data?.actor ?? null} navigation={navigation} csrfToken={data?.csrfToken ?? ""}>
      {children}
    </PageLayout>
  );
}

export default function App() {
  return (
    <Document title={useDocumentTitle()}>
      <Page>
        <Outlet />
      </Page>
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return (
    <Document title={statusTitle(errorStatus(error))}>
      <Page>
        <GeneralErrorBoundary />
      </Page>
    </Document>
  );
}
