import type { ReactNode } from "react";
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { AppLink } from "./nhs";
import { pageTitle } from "./pageTitle";

const serviceProblem = "Sorry, there is a problem with the service";

const headings: Record<number, string> = {
  400: "There is a problem with your request",
  401: "You need to log in to see this page",
  403: "You do not have access to this page",
  404: "Page not found",
  410: "This page has been removed",
};

/** The HTTP status a route error stands for: thrown responses keep theirs, anything else is 500. */
export function errorStatus(error: unknown): number {
  return isRouteErrorResponse(error) ? error.status : 500;
}

/** The document title for an error page: "Page not found – Buying Catalogue – NHS". */
export function statusTitle(status: number): string {
  return pageTitle(headings[status] ?? serviceProblem);
}

/** A message a loader chose to show, thrown as `data({ message }, { status })`. */
function messageFrom(data: unknown): string | undefined {
  if (typeof data === "object" && data !== null && "message" in data && typeof data.message === "string") {
    return data.message;
  }
  return undefined;
}

function ErrorPage({ status, children }: { status: number; children: ReactNode }) {
  return (
    <>
      <h1>{headings[status] ?? serviceProblem}</h1>
      {children}
    </>
  );
}

const contactUs = <AppLink href="/contact">contact the Buying Catalogue team</AppLink>;
const homepage = <AppLink href="/">go to the Buying Catalogue homepage</AppLink>;

/** The one error page for the app, rendered by root's ErrorBoundary inside the page layout. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const status = errorStatus(error);
  const message = isRouteErrorResponse(error) ? messageFrom(error.data) : undefined;

  switch (status) {
    case 404:
      return (
        <ErrorPage status={status}>
          <p>If you entered a web address, check it was correct.</p>
          <p>If you pasted the web address, check you copied the entire address.</p>
          <p>You can {homepage} to search for what you need.</p>
          <p>If the web address is correct or you selected a link or button, {contactUs}.</p>
        </ErrorPage>
      );
    case 401:
      return (
        <ErrorPage status={status}>
          <p>
            <AppLink href="/login">Log in</AppLink> to continue.
          </p>
        </ErrorPage>
      );
    case 403:
      return (
        <ErrorPage status={status}>
          <p>Your account does not let you see this page.</p>
          <p>
            You may need to <AppLink href="/login">log in as a different user</AppLink>.
          </p>
          <p>If you think you should have access, {contactUs}.</p>
        </ErrorPage>
      );
    case 410:
      return (
        <ErrorPage status={status}>
          {message ? <p>{message}</p> : null}
          <p>You can {homepage} to search for what you need.</p>
        </ErrorPage>
      );
    case 400:
      return (
        <ErrorPage status={status}>
          {message ? <p>{message}</p> : null}
          <p>Check the information you gave and try again.</p>
          <p>If the problem continues, {contactUs}.</p>
        </ErrorPage>
      );
    default:
      return (
        <ErrorPage status={status}>
          <p>Try again later.</p>
          <p>If you need help now, {contactUs}.</p>
          {/* Only an explicit development build shows the stack; production never does. */}
          {process.env.NODE_ENV === "development" && error instanceof Error ? (
            <pre className="overflow-x-auto border-l-4 border-red bg-white p-4 text-14">{error.stack}</pre>
          ) : null}
        </ErrorPage>
      );
  }
}
