import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";

/**
 * Any URL no other route matches. Throwing from the loader gives a real 404 status and
 * the root error boundary's "Page not found" page.
 */
export async function loader() {
  throw new Response("Not found", { status: 404 });
}

// A default export keeps this a page route (without one Remix would send the plain-text
// response); the loader always throws, so this only renders if that ever changes.
export default function NotFound() {
  return <GeneralErrorBoundary />;
}
